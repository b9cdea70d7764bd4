/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * htab.h - an open-addressing hash table of pointers whose memory is
 * charged to a kernfs root (glib's tables would hide their allocations
 * from kernfs_root_stats()).  Not thread-safe: callers lock.
 */
#ifndef KERNFS_HTAB_H
#define KERNFS_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernfs_root;

struct kernfs_htab_ops {
	uint64_t (*hash)(const void *entry);
	bool (*match)(const void *entry, const void *key);
};

struct kernfs_htab {
	void **slots;
	size_t size;		/* power of two, or 0 */
	size_t nr;		/* live entries */
	size_t used;		/* live + tombstones */
	size_t min_size;	/* never shrunk below this */
	const struct kernfs_htab_ops *ops;
	struct kernfs_root *root;
};

/*
 * kernfs_htab_init - an empty table; allocates nothing yet.  It grows by
 * doubling and shrinks back, but never below @min_size slots (a power of
 * two), so small tables keep one size whatever their history.
 */
void kernfs_htab_init(struct kernfs_htab *t, const struct kernfs_htab_ops *ops,
		      struct kernfs_root *root, size_t min_size);

/* kernfs_htab_destroy - free the slots (not the entries). */
void kernfs_htab_destroy(struct kernfs_htab *t);

/* kernfs_htab_find - Return: the entry matching @key, or NULL. */
void *kernfs_htab_find(const struct kernfs_htab *t, uint64_t hash,
		       const void *key);

/* kernfs_htab_insert - add @entry (no duplicate check). Return: 0, -ENOMEM. */
int kernfs_htab_insert(struct kernfs_htab *t, void *entry);

/* kernfs_htab_remove - Return: the removed entry matching @key, or NULL. */
void *kernfs_htab_remove(struct kernfs_htab *t, uint64_t hash, const void *key);

/* kernfs_htab_next - iterate: start with *@pos = 0. Return: entry or NULL. */
void *kernfs_htab_next(const struct kernfs_htab *t, size_t *pos);

/* kernfs_hash64 - a 64-bit integer mix. */
static inline uint64_t kernfs_hash64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* kernfs_hash_str - FNV-1a of a string. */
static inline uint64_t kernfs_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

#endif /* KERNFS_HTAB_H */
