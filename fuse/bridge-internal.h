/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bridge-internal.h - what the bridge's source files share.
 */
#ifndef KFE_BRIDGE_INTERNAL_H
#define KFE_BRIDGE_INTERNAL_H

#include "bridge.h"

#include <glib.h>
#include <pthread.h>
#include <kernfs-emu/vfs.h>

#define KFE_DEFAULT_TIMEOUT	3600.0
#define KFE_GROUPS_SLOTS	64	/* pid-indexed cache slots */
#define KFE_GROUPS_INLINE	32	/* groups kept inline per slot/caller */
#define KFE_NOTIFY_SYNC_MS	200	/* longest wait for own notifications */
#define KFE_LATE_INVAL_MS	10	/* delay of a repeated listing drop */
#define KFE_RELEASE_WAIT_MS	100	/* rmdir's longest wait for a RELEASE */
#define KFE_RELEASE_GAP_US	200	/* read-to-served time of a RELEASE */
#define KFE_RMDIR_TRIES		3	/* rmdir attempts while RELEASEs end */

/* One cached answer of fuse_req_getgroups() for a pid. */
struct kfe_groups_slot {
	pid_t pid;
	uid_t uid;
	gid_t gid;
	int ngroups;			/* -1: slot empty */
	gint64 stamp_us;		/* g_get_monotonic_time() of the read */
	gid_t groups[KFE_GROUPS_INLINE];
};

/* One queued notification (see notify.c). */
enum kfe_note_kind {
	KFE_NOTE_DELETE,		/* notify_delete(parent, ino, name) */
	KFE_NOTE_INVAL_ENTRY,		/* notify_inval_entry(parent, name) */
	KFE_NOTE_INVAL_INODE,		/* notify_inval_inode(ino), attributes */
	KFE_NOTE_INVAL_DIR,		/* the same, and the cached listing */
};

struct kfe_note {
	enum kfe_note_kind kind;
	uint64_t parent;
	uint64_t ino;
	uint64_t seq;			/* 0 for late notes */
	gint64 not_before;		/* late notes: monotonic us */
	char name[];
};

/* The notifier thread and its queue; everything under @lock. */
struct kfe_notifier {
	pthread_mutex_t lock;
	pthread_cond_t wake;		/* queue became non-empty, or stop */
	pthread_cond_t done;		/* done_seq advanced */
	GQueue queue;			/* struct kfe_note *, sent in order */
	GQueue late;			/* struct kfe_note *, by not_before */
	uint64_t next_seq;		/* seq of the last queued note */
	uint64_t done_seq;		/* seq of the last note sent */
	uint64_t sent;			/* notes the kernel accepted */
	uint64_t failed;		/* notes the kernel refused */
	uint64_t dir_changes;		/* listing changes reported so far */
	bool running;
	bool stop;
	pthread_t thread;
};

struct kfe_bridge {
	struct kernfs_root *root;
	struct kfe_bridge_opts opts;
	struct fuse_session *se;
	struct fuse_conn_info_opts *conn_opts;
	char *mountpoint;
	char errmsg[512];
	bool mounted;
	bool watching;
	bool no_opendir;		/* set in init: opendir answers ENOSYS */

	pthread_mutex_t lock;		/* guards the three members below */
	GHashTable *files;		/* open struct kernfs_vfs_file set */
	GHashTable *dirs;		/* open struct kernfs_vfs_dir set */
	struct kfe_bridge_stats stats;
	size_t baseline_inodes;		/* kernfs inodes before the bridge */

	pthread_mutex_t polls_lock;
	GHashTable *polls;		/* fuse_pollhandle set; polls_lock */

	pthread_mutex_t release_lock;
	pthread_cond_t release_cond;	/* a release finished */
	unsigned int releases_running;	/* release_lock */
	uint64_t releases_done;		/* release_lock */

	pthread_mutex_t groups_lock;
	struct kfe_groups_slot groups[KFE_GROUPS_SLOTS];	/* groups_lock */

	struct kfe_notifier notifier;
};

/* The caller of one request, as kernfs-emu wants it. */
struct kfe_caller {
	struct kernfs_caller kc;
	gid_t inline_groups[KFE_GROUPS_INLINE];
	gid_t *heap_groups;
};

/* bridge.c */
extern const struct fuse_lowlevel_ops kfe_ops;
/* kfe_caller_init - uid, gid, pid and (cached) groups of @req's caller */
void kfe_caller_init(struct kfe_bridge *br, fuse_req_t req,
		     struct kfe_caller *c);
/* kfe_caller_done - free what kfe_caller_init() allocated */
void kfe_caller_done(struct kfe_caller *c);
#define KFE_CALLER(var, br, req)					\
	struct kfe_caller var __attribute__((cleanup(kfe_caller_done))); \
	kfe_caller_init(br, req, &var)

/* kfe_inode - Return: the inode of FUSE node @ino, NULL if unknown */
struct kernfs_inode *kfe_inode(struct kfe_bridge *br, fuse_ino_t ino);
/*
 * kfe_count_get - record one lookup count handed to the kernel (kernfs-emu
 * keeps the count itself, in the inode)
 */
void kfe_count_get(struct kfe_bridge *br, uint64_t ino);
/*
 * kfe_count_put - the kernel gave back @nlookup counts: drop them from
 * kernfs-emu and record it (more than the inode held is an error)
 */
void kfe_count_put(struct kfe_bridge *br, uint64_t ino, uint64_t nlookup);
/* kfe_fill_entry - @e for @inode: node id, generation, attrs, timeouts */
void kfe_fill_entry(struct kfe_bridge *br, struct kernfs_inode *inode,
		    const struct stat *st, struct fuse_entry_param *e);
/*
 * kfe_reply_entry - reply with @inode, whose kernfs lookup count the
 * caller took; the count is recorded first and undone if the reply fails
 */
void kfe_reply_entry(struct kfe_bridge *br, fuse_req_t req,
		     struct kernfs_inode *inode, const struct stat *st);
/*
 * kfe_request_begin/end - bracket provider code run for @req: makes
 * kfe_bridge_signal_pending() work and starts notification tracking
 */
void kfe_request_begin(struct kfe_bridge *br, fuse_req_t req);
void kfe_request_end(void);

static inline struct kfe_bridge *kfe_req_bridge(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

/* bridge-entry.c: name and attribute operations */
void kfe_op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name);
void kfe_op_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup);
void kfe_op_forget_multi(fuse_req_t req, size_t count,
			 struct fuse_forget_data *forgets);
void kfe_op_getattr(fuse_req_t req, fuse_ino_t ino,
		    struct fuse_file_info *fi);
void kfe_op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr,
		    int to_set, struct fuse_file_info *fi);
void kfe_op_readlink(fuse_req_t req, fuse_ino_t ino);
void kfe_op_mknod(fuse_req_t req, fuse_ino_t parent, const char *name,
		  mode_t mode, dev_t rdev);
void kfe_op_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name,
		  mode_t mode);
void kfe_op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name);
void kfe_op_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name);
void kfe_op_symlink(fuse_req_t req, const char *link, fuse_ino_t parent,
		    const char *name);
void kfe_op_rename(fuse_req_t req, fuse_ino_t parent, const char *name,
		   fuse_ino_t newparent, const char *newname,
		   unsigned int flags);
void kfe_op_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent,
		 const char *newname);
void kfe_op_create(fuse_req_t req, fuse_ino_t parent, const char *name,
		   mode_t mode, struct fuse_file_info *fi);
void kfe_op_statfs(fuse_req_t req, fuse_ino_t ino);
void kfe_op_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name,
		     const char *value, size_t size, int flags);
void kfe_op_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name,
		     size_t size);
void kfe_op_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size);
void kfe_op_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name);

/* bridge-dir.c */
void kfe_op_opendir(fuse_req_t req, fuse_ino_t ino,
		    struct fuse_file_info *fi);
void kfe_op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi);
void kfe_op_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size,
			off_t off, struct fuse_file_info *fi);
void kfe_op_releasedir(fuse_req_t req, fuse_ino_t ino,
		       struct fuse_file_info *fi);

/* bridge-file.c */
/*
 * kfe_releases_done - Return: how many RELEASE requests were answered;
 * kfe_wait_releases() - wait (briefly) for running and just read RELEASE
 * requests. Return: true when one finished since @since was read
 */
uint64_t kfe_releases_done(struct kfe_bridge *br);
bool kfe_wait_releases(struct kfe_bridge *br, uint64_t since);
void kfe_op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void kfe_op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		 struct fuse_file_info *fi);
void kfe_op_write(fuse_req_t req, fuse_ino_t ino, const char *buf,
		  size_t size, off_t off, struct fuse_file_info *fi);
void kfe_op_release(fuse_req_t req, fuse_ino_t ino,
		    struct fuse_file_info *fi);
void kfe_op_poll(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
		 struct fuse_pollhandle *ph);

/* notify.c */
/* the watch registered with kernfs-emu while the session runs */
extern const struct kernfs_vfs_watch kfe_watch;
/* kfe_notifier_init/destroy - set up and free an idle notifier */
void kfe_notifier_init(struct kfe_notifier *n);
void kfe_notifier_destroy(struct kfe_notifier *n);
/* kfe_notifier_start - start the thread. Return: 0 or -errno */
int kfe_notifier_start(struct kfe_bridge *br);
/* kfe_notifier_stop - stop the thread, drop what is queued; idempotent */
void kfe_notifier_stop(struct kfe_bridge *br);
/*
 * kfe_cond_wait_until - wait on @cond (with @lock held) until signalled or
 * until @deadline (g_get_monotonic_time() microseconds) at the latest
 */
void kfe_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock,
			 gint64 deadline);
/* kfe_notify_mark - forget what this thread queued so far */
void kfe_notify_mark(void);
/*
 * kfe_notify_sync - wait (at most KFE_NOTIFY_SYNC_MS) until what this
 * thread queued since kfe_notify_mark() was sent
 */
void kfe_notify_sync(struct kfe_bridge *br);
/*
 * kfe_notify_dir_changes - Return: how many listing changes were reported
 * so far (to detect one made while a listing was being sent)
 */
uint64_t kfe_notify_dir_changes(struct kfe_bridge *br);
/*
 * kfe_notify_dir_late - drop the kernel's listing of @ino again in
 * KFE_LATE_INVAL_MS: a listing sent while it changed may reach the
 * kernel's cache after the first drop
 */
void kfe_notify_dir_late(struct kfe_bridge *br, uint64_t ino);
/* kfe_polls_add - remember @ph, given to kernfs-emu, until it fires */
void kfe_polls_add(struct kfe_bridge *br, struct fuse_pollhandle *ph);
/* kfe_polls_drop_all - destroy the handles that never fired */
void kfe_polls_drop_all(struct kfe_bridge *br);

#endif /* KFE_BRIDGE_INTERNAL_H */
