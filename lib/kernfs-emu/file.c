// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * file.c - open nodes, notification and poll, and releasing the open
 * files of a node being removed (the kernel's fs/kernfs/file.c).
 */
#include <poll.h>

#include "kernfs-internal.h"

#define KERNFS_OPEN_LOCKS 64
static pthread_mutex_t kernfs_open_locks[KERNFS_OPEN_LOCKS] = {
	[0 ... KERNFS_OPEN_LOCKS - 1] = PTHREAD_MUTEX_INITIALIZER
};

/*
 * The notify locks guard kn->attr.open, the open files list and the poll
 * handles for kernfs_notify(), which must work from any context, even
 * from ops->release (called under the open file mutex).  They nest inside
 * the open file mutexes.
 */
static pthread_mutex_t kernfs_notify_locks[KERNFS_OPEN_LOCKS] = {
	[0 ... KERNFS_OPEN_LOCKS - 1] = PTHREAD_MUTEX_INITIALIZER
};

static unsigned int kn_lock_slot(const struct kernfs_node *kn)
{
	uintptr_t h = (uintptr_t)kn;

	h ^= h >> 9;
	return (unsigned int)((h >> 4) % KERNFS_OPEN_LOCKS);
}

/* kernfs_open_file_mutex - the mutex guarding @kn's open files and release. */
pthread_mutex_t *kernfs_open_file_mutex(const struct kernfs_node *kn)
{
	return &kernfs_open_locks[kn_lock_slot(kn)];
}

/* kernfs_notify_lock - see kernfs_notify_locks. */
pthread_mutex_t *kernfs_notify_lock(const struct kernfs_node *kn)
{
	return &kernfs_notify_locks[kn_lock_slot(kn)];
}

/*
 * kernfs_get_open_node - link @p into @kn's open node, creating it on the
 * first open.  Return: 0 or -ENOMEM.
 */
int kernfs_get_open_node(struct kernfs_node *kn, struct kernfs_of_priv *p)
{
	pthread_mutex_t *mutex = kernfs_open_file_mutex(kn);
	struct kernfs_open_node *on;

	pthread_mutex_lock(mutex);
	on = kn->attr.open;
	if (!on) {
		on = kn_zalloc(p->root, sizeof(*on));
		if (!on) {
			pthread_mutex_unlock(mutex);
			return -ENOMEM;
		}
		atomic_init(&on->event, 1);
	}
	pthread_mutex_lock(kernfs_notify_lock(kn));
	kn->attr.open = on;
	p->next = on->files;
	on->files = p;
	pthread_mutex_unlock(kernfs_notify_lock(kn));
	if (kn->flags & KERNFS_HAS_RELEASE)
		on->nr_to_release++;
	pthread_mutex_unlock(mutex);
	return 0;
}

/*
 * kernfs_release_file - call ops->release once.  Caller holds
 * kernfs_open_file_mutex(kn).
 */
static void kernfs_release_file(struct kernfs_node *kn,
				struct kernfs_of_priv *p)
{
	if (!(kn->flags & KERNFS_HAS_RELEASE) || p->released)
		return;
	kn->attr.ops->release(&p->of);
	p->released = true;
	kn->attr.open->nr_to_release--;
}

/*
 * kernfs_put_open_node - unlink @p; the open node goes with its last file.
 * Releases @p first when @release.
 */
void kernfs_put_open_node(struct kernfs_node *kn, struct kernfs_of_priv *p,
			  bool release)
{
	pthread_mutex_t *mutex = kernfs_open_file_mutex(kn);
	struct kernfs_open_node *on;
	struct kernfs_of_priv **pp;
	void *handle = NULL;

	pthread_mutex_lock(mutex);
	on = kn->attr.open;
	if (release)
		kernfs_release_file(kn, p);
	pthread_mutex_lock(kernfs_notify_lock(kn));
	for (pp = &on->files; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	handle = p->poll_handle;
	p->poll_handle = NULL;
	if (!on->files)
		kn->attr.open = NULL;
	pthread_mutex_unlock(kernfs_notify_lock(kn));
	if (!on->files)
		kn_free(p->root, on);
	pthread_mutex_unlock(mutex);
	if (handle)
		kernfs_watch_poll(p->root, handle);
}

/*
 * kernfs_drain_open_files - release every open file of the removed or
 * hidden @kn.  Their later operations answer -ENODEV.
 */
void kernfs_drain_open_files(struct kernfs_node *kn)
{
	pthread_mutex_t *mutex = kernfs_open_file_mutex(kn);
	struct kernfs_open_node *on;
	struct kernfs_of_priv *p;

	pthread_mutex_lock(mutex);
	on = kn->attr.open;
	if (on && (kn->flags & KERNFS_HAS_RELEASE)) {
		for (p = on->files; p; p = p->next)
			kernfs_release_file(kn, p);
	}
	pthread_mutex_unlock(mutex);
	/* removed files poll as changed: wake everyone waiting */
	kernfs_notify_wake(kn);
}

/* Collect and fire the one-shot poll handles of @kn's open files. */
void kernfs_notify_wake(struct kernfs_node *kn)
{
	pthread_mutex_t *mutex = kernfs_notify_lock(kn);
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_open_node *on;
	struct kernfs_of_priv *p;
	void *stack[16], **handles = stack;
	size_t n = 0, cap = 16;

	pthread_mutex_lock(mutex);
	on = kn->attr.open;
	for (p = on ? on->files : NULL; p; p = p->next) {
		if (!p->poll_handle)
			continue;
		if (n == cap) {
			void **bigger = malloc(2 * cap * sizeof(*bigger));

			if (!bigger)
				break;
			memcpy(bigger, handles, n * sizeof(*bigger));
			if (handles != stack)
				free(handles);
			handles = bigger;
			cap *= 2;
		}
		handles[n++] = p->poll_handle;
		p->poll_handle = NULL;
	}
	pthread_mutex_unlock(mutex);
	for (size_t i = 0; i < n; i++)
		kernfs_watch_poll(root, handles[i]);
	if (handles != stack)
		free(handles);
}

void kernfs_notify(struct kernfs_node *kn)
{
	pthread_mutex_t *mutex;
	struct kernfs_open_node *on;

	if (!kn || kernfs_type(kn) != KERNFS_FILE)
		return;
	mutex = kernfs_notify_lock(kn);
	pthread_mutex_lock(mutex);
	on = kn->attr.open;
	if (on)
		atomic_fetch_add(&on->event, 1);
	pthread_mutex_unlock(mutex);
	if (on)
		kernfs_notify_wake(kn);
}

__poll_t kernfs_generic_poll(struct kernfs_open_file *of,
			     struct kernfs_poll_table *pt)
{
	struct kernfs_of_priv *p = (struct kernfs_of_priv *)of;
	struct kernfs_open_node *on = of->kn->attr.open;

	if (on && p->event != atomic_load(&on->event))
		return KERNFS_DEFAULT_POLLMASK | POLLERR | POLLPRI;
	return KERNFS_DEFAULT_POLLMASK;
}
