/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * notify.c - keeping the kernel's caches coherent, and poll wake-ups.
 *
 * kernfs-emu reports removals, renames and attribute changes through the
 * watch, from whichever thread made the change - often a FUSE request
 * thread, sometimes one serving an rmdir while the kernel holds the
 * directory locks that fuse_lowlevel_notify_* need.  So the callbacks only
 * queue; one notifier thread, holding no lock of ours, sends the queue in
 * order.  Request threads whose own I/O queued something wait for it to
 * be sent (kfe_notify_sync(), bounded) before they reply.
 *
 * Poll wake-ups take no inode lock in the kernel and are sent directly.
 */
#include "bridge-internal.h"

#include <errno.h>
#include <string.h>

/* seq of the last note queued by this thread since kfe_notify_mark() */
static __thread uint64_t kfe_tls_last_seq;

void kfe_notifier_init(struct kfe_notifier *n)
{
	memset(n, 0, sizeof(*n));
	pthread_mutex_init(&n->lock, NULL);
	pthread_cond_init(&n->wake, NULL);
	pthread_cond_init(&n->done, NULL);
	g_queue_init(&n->queue);
	g_queue_init(&n->late);
}

static struct kfe_note *kfe_note_new(enum kfe_note_kind kind, uint64_t parent,
				     uint64_t ino, const char *name)
{
	size_t len = name ? strlen(name) : 0;
	struct kfe_note *note = g_malloc(sizeof(*note) + len + 1);

	note->kind = kind;
	note->parent = parent;
	note->ino = ino;
	note->seq = 0;
	note->not_before = 0;
	memcpy(note->name, name ? name : "", len + 1);
	return note;
}

static void kfe_note_queue(struct kfe_bridge *br, enum kfe_note_kind kind,
			   uint64_t parent, uint64_t ino, const char *name)
{
	struct kfe_notifier *n = &br->notifier;
	struct kfe_note *tail;

	pthread_mutex_lock(&n->lock);
	if (!n->running || n->stop) {
		/* no session yet or any more: nothing is cached */
		pthread_mutex_unlock(&n->lock);
		return;
	}
	if (kind == KFE_NOTE_INVAL_DIR)
		n->dir_changes++;
	/* removing many children of one directory: one drop is enough */
	tail = g_queue_peek_tail(&n->queue);
	if (tail && kind == KFE_NOTE_INVAL_DIR && tail->kind == kind &&
	    tail->ino == ino) {
		kfe_tls_last_seq = tail->seq;
		pthread_mutex_unlock(&n->lock);
		return;
	}
	tail = kfe_note_new(kind, parent, ino, name);
	tail->seq = ++n->next_seq;
	kfe_tls_last_seq = tail->seq;
	g_queue_push_tail(&n->queue, tail);
	pthread_cond_signal(&n->wake);
	pthread_mutex_unlock(&n->lock);
}

static int kfe_note_send(struct fuse_session *se, const struct kfe_note *note)
{
	size_t len = strlen(note->name);
	int ret;

	switch (note->kind) {
	case KFE_NOTE_DELETE:
		ret = fuse_lowlevel_notify_delete(se, note->parent, note->ino,
						  note->name, len);
		if (ret != -ENOSYS)
			return ret;
		/* kernels before 3.3: fall through to a plain invalidation */
		/* fallthrough */
	case KFE_NOTE_INVAL_ENTRY:
		return fuse_lowlevel_notify_inval_entry(se, note->parent,
							note->name, len);
	case KFE_NOTE_INVAL_INODE:
		/* attributes only: there is no page cache (direct_io) */
		return fuse_lowlevel_notify_inval_inode(se, note->ino, -1, 0);
	case KFE_NOTE_INVAL_DIR:
		/* a directory's "pages" are its cached listing */
		return fuse_lowlevel_notify_inval_inode(se, note->ino, 0, 0);
	}
	return -EINVAL;
}

void kfe_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock,
				gint64 deadline)
{
	gint64 left = deadline - g_get_monotonic_time();
	struct timespec ts;

	if (left <= 0)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += left / G_USEC_PER_SEC;
	ts.tv_nsec += (left % G_USEC_PER_SEC) * 1000;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(cond, lock, &ts);
}

/*
 * The next note to send, taken off its queue, or NULL when there is none
 * (then waits until there may be).  Ordered notes first; a late one only
 * once it is due (they only drop caches: their order does not matter).
 */
static struct kfe_note *kfe_note_next(struct kfe_notifier *n)
{
	struct kfe_note *late;

	if (!g_queue_is_empty(&n->queue))
		return g_queue_pop_head(&n->queue);
	late = g_queue_peek_head(&n->late);
	if (!late) {
		pthread_cond_wait(&n->wake, &n->lock);
		return NULL;
	}
	if (late->not_before <= g_get_monotonic_time())
		return g_queue_pop_head(&n->late);
	kfe_cond_wait_until(&n->wake, &n->lock, late->not_before);
	return NULL;
}

static void *kfe_notifier_main(void *data)
{
	struct kfe_bridge *br = data;
	struct kfe_notifier *n = &br->notifier;
	struct kfe_note *note;
	int ret;

	pthread_mutex_lock(&n->lock);
	while (!n->stop) {
		note = kfe_note_next(n);
		if (!note)
			continue;
		pthread_mutex_unlock(&n->lock);
		/* may block until the kernel releases the directory's lock */
		ret = kfe_note_send(br->se, note);
		pthread_mutex_lock(&n->lock);
		if (ret < 0)
			n->failed++;
		else
			n->sent++;
		if (note->seq) {
			n->done_seq = note->seq;
			pthread_cond_broadcast(&n->done);
		}
		g_free(note);
	}
	pthread_mutex_unlock(&n->lock);
	return NULL;
}

int kfe_notifier_start(struct kfe_bridge *br)
{
	struct kfe_notifier *n = &br->notifier;
	int ret;

	pthread_mutex_lock(&n->lock);
	n->stop = false;
	n->running = true;
	pthread_mutex_unlock(&n->lock);
	ret = pthread_create(&n->thread, NULL, kfe_notifier_main, br);
	if (ret) {
		pthread_mutex_lock(&n->lock);
		n->running = false;
		pthread_mutex_unlock(&n->lock);
		return -ret;
	}
	return 0;
}

void kfe_notifier_stop(struct kfe_bridge *br)
{
	struct kfe_notifier *n = &br->notifier;
	bool running;

	pthread_mutex_lock(&n->lock);
	running = n->running;
	n->stop = true;
	pthread_cond_broadcast(&n->wake);
	pthread_mutex_unlock(&n->lock);
	if (!running)
		return;
	pthread_join(n->thread, NULL);
	pthread_mutex_lock(&n->lock);
	n->running = false;
	/* the session is over: whatever is left has nothing to invalidate */
	g_queue_clear_full(&n->queue, g_free);
	g_queue_clear_full(&n->late, g_free);
	n->done_seq = n->next_seq;
	pthread_cond_broadcast(&n->done);
	pthread_mutex_unlock(&n->lock);
}

void kfe_notifier_destroy(struct kfe_notifier *n)
{
	g_queue_clear_full(&n->queue, g_free);
	g_queue_clear_full(&n->late, g_free);
	pthread_cond_destroy(&n->wake);
	pthread_cond_destroy(&n->done);
	pthread_mutex_destroy(&n->lock);
}

void kfe_notify_mark(void)
{
	kfe_tls_last_seq = 0;
}

void kfe_notify_sync(struct kfe_bridge *br)
{
	struct kfe_notifier *n = &br->notifier;
	uint64_t want = kfe_tls_last_seq;
	gint64 deadline;

	if (!want)
		return;
	kfe_tls_last_seq = 0;
	/* a lock holder that needs a free worker must not block us forever */
	deadline = g_get_monotonic_time() + KFE_NOTIFY_SYNC_MS * 1000;
	pthread_mutex_lock(&n->lock);
	while (n->done_seq < want && g_get_monotonic_time() < deadline)
		kfe_cond_wait_until(&n->done, &n->lock, deadline);
	pthread_mutex_unlock(&n->lock);
}

uint64_t kfe_notify_dir_changes(struct kfe_bridge *br)
{
	uint64_t v;

	pthread_mutex_lock(&br->notifier.lock);
	v = br->notifier.dir_changes;
	pthread_mutex_unlock(&br->notifier.lock);
	return v;
}

void kfe_notify_dir_late(struct kfe_bridge *br, uint64_t ino)
{
	struct kfe_notifier *n = &br->notifier;
	struct kfe_note *note;

	pthread_mutex_lock(&n->lock);
	if (n->running && !n->stop) {
		note = kfe_note_new(KFE_NOTE_INVAL_DIR, 0, ino, NULL);
		note->not_before = g_get_monotonic_time() +
				   KFE_LATE_INVAL_MS * 1000;
		g_queue_push_tail(&n->late, note);
		pthread_cond_signal(&n->wake);
	}
	pthread_mutex_unlock(&n->lock);
}

void kfe_bridge_flush_notes(struct kfe_bridge *br)
{
	struct kfe_notifier *n = &br->notifier;
	uint64_t want;

	pthread_mutex_lock(&n->lock);
	want = n->next_seq;
	while (n->running && n->done_seq < want)
		pthread_cond_wait(&n->done, &n->lock);
	pthread_mutex_unlock(&n->lock);
}

/* ---- the watch ---- */

static void kfe_watch_removed(void *data, uint64_t parent_ino,
			      const char *name, uint64_t ino)
{
	kfe_note_queue(data, KFE_NOTE_DELETE, parent_ino, ino, name);
}

static void kfe_watch_renamed(void *data, uint64_t old_parent,
			      const char *old_name, uint64_t new_parent,
			      const char *new_name, uint64_t ino)
{
	kfe_note_queue(data, KFE_NOTE_INVAL_ENTRY, old_parent, ino, old_name);
	kfe_note_queue(data, KFE_NOTE_INVAL_ENTRY, new_parent, ino, new_name);
}

static void kfe_watch_attr_changed(void *data, uint64_t ino)
{
	kfe_note_queue(data, KFE_NOTE_INVAL_INODE, 0, ino, NULL);
}

/* A child came or went behind the kernel's back: nlink, times, listing. */
static void kfe_watch_dir_changed(void *data, uint64_t dir_ino)
{
	struct kfe_bridge *br = data;

	kfe_note_queue(br, br->opts.dir_cache ? KFE_NOTE_INVAL_DIR :
						KFE_NOTE_INVAL_INODE,
		       0, dir_ino, NULL);
}

static void kfe_watch_poll_wakeup(void *data, void *handle)
{
	struct kfe_bridge *br = data;
	bool ours;

	pthread_mutex_lock(&br->polls_lock);
	ours = g_hash_table_remove(br->polls, handle);
	pthread_mutex_unlock(&br->polls_lock);
	if (!ours)
		return;
	fuse_lowlevel_notify_poll(handle);
	fuse_pollhandle_destroy(handle);
}

const struct kernfs_vfs_watch kfe_watch = {
	.removed = kfe_watch_removed,
	.renamed = kfe_watch_renamed,
	.attr_changed = kfe_watch_attr_changed,
	.poll_wakeup = kfe_watch_poll_wakeup,
	.dir_changed = kfe_watch_dir_changed,
};

/* ---- poll handles given to kernfs-emu ---- */

void kfe_polls_add(struct kfe_bridge *br, struct fuse_pollhandle *ph)
{
	pthread_mutex_lock(&br->polls_lock);
	g_hash_table_add(br->polls, ph);
	pthread_mutex_unlock(&br->polls_lock);
}

/*
 * Destroy the handles kernfs-emu never fired.  Only after the watch is
 * unregistered: kernfs-emu may keep the pointers but not use them.
 */
void kfe_polls_drop_all(struct kfe_bridge *br)
{
	GHashTableIter it;
	gpointer ph;

	pthread_mutex_lock(&br->polls_lock);
	g_hash_table_iter_init(&it, br->polls);
	while (g_hash_table_iter_next(&it, &ph, NULL))
		fuse_pollhandle_destroy(ph);
	g_hash_table_remove_all(br->polls);
	pthread_mutex_unlock(&br->polls_lock);
}
