// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * htab.c - open addressing with linear probing and tombstones.
 */
#include <errno.h>

#include "kernfs-internal.h"

static char tombstone;
#define TOMB ((void *)&tombstone)

void kernfs_htab_init(struct kernfs_htab *t, const struct kernfs_htab_ops *ops,
		      struct kernfs_root *root, size_t min_size)
{
	t->min_size = min_size;
	t->slots = NULL;
	t->size = t->nr = t->used = 0;
	t->ops = ops;
	t->root = root;
}

void kernfs_htab_destroy(struct kernfs_htab *t)
{
	kn_free(t->root, t->slots);
	t->slots = NULL;
	t->size = t->nr = t->used = 0;
}

void *kernfs_htab_find(const struct kernfs_htab *t, uint64_t hash,
		       const void *key)
{
	size_t mask = t->size - 1, i;
	void *e;

	if (!t->size)
		return NULL;
	for (i = hash & mask; (e = t->slots[i]); i = (i + 1) & mask)
		if (e != TOMB && t->ops->match(e, key))
			return e;
	return NULL;
}

/* Return: true when @entry took an empty slot (not a tombstone). */
static bool htab_place(void **slots, size_t size, void *entry, uint64_t hash)
{
	size_t mask = size - 1, i;
	bool fresh;

	for (i = hash & mask; slots[i] && slots[i] != TOMB; i = (i + 1) & mask)
		;
	fresh = !slots[i];
	slots[i] = entry;
	return fresh;
}

static int htab_resize(struct kernfs_htab *t, size_t size)
{
	void **slots = kn_zalloc(t->root, size * sizeof(*slots));
	size_t i;

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < t->size; i++) {
		void *e = t->slots[i];

		if (e && e != TOMB)
			htab_place(slots, size, e, t->ops->hash(e));
	}
	kn_free(t->root, t->slots);
	t->slots = slots;
	t->size = size;
	t->used = t->nr;
	return 0;
}

int kernfs_htab_insert(struct kernfs_htab *t, void *entry)
{
	size_t want = t->size ? t->size : t->min_size;

	if ((t->used + 1) * 4 > want * 3 || !t->size) {
		while ((t->nr + 1) * 2 > want)
			want *= 2;
		if (htab_resize(t, want))
			return -ENOMEM;
	}
	if (htab_place(t->slots, t->size, entry, t->ops->hash(entry)))
		t->used++;
	t->nr++;
	return 0;
}

void *kernfs_htab_remove(struct kernfs_htab *t, uint64_t hash, const void *key)
{
	size_t mask = t->size - 1, i;
	void *e;

	if (!t->size)
		return NULL;
	for (i = hash & mask; (e = t->slots[i]); i = (i + 1) & mask) {
		if (e != TOMB && t->ops->match(e, key)) {
			t->slots[i] = TOMB;
			t->nr--;
			if (!t->nr)
				kernfs_htab_destroy(t);
			else if (t->size > t->min_size && t->nr * 8 < t->size)
				htab_resize(t, t->size / 2);	/* may fail: fine */
			return e;
		}
	}
	return NULL;
}

void *kernfs_htab_next(const struct kernfs_htab *t, size_t *pos)
{
	while (*pos < t->size) {
		void *e = t->slots[(*pos)++];

		if (e && e != TOMB)
			return e;
	}
	return NULL;
}
