/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernfs-internal.h - what the files of kernfs-emu share; not installed.
 *
 * Lock order (outermost first):
 *   root->kernfs_rwsem (tree topology, activation, removal marking)
 *   root->kernfs_iattr_rwsem (iattrs and kn->mode)
 *   kernfs_open_file_mutex(kn) (open-node lists, release)
 *   of->mutex is taken before any of the above, never inside them.
 *   root->inode_lock (the inode table) nests inside kernfs_rwsem.
 *   root->deactivate_lock only guards the drain condition variable.
 * Provider code (ops, template callbacks, syscall ops) runs with none of
 * these held, except of->mutex.
 */
#ifndef KERNFS_INTERNAL_H
#define KERNFS_INTERNAL_H

#include <kernfs-emu/kernfs.h>
#include <kernfs-emu/vfs.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "htab.h"
#include "rbtree.h"

#define KN_DEACTIVATED_BIAS (INT32_MIN + 1)
#define S_IALLUGO (S_ISUID | S_ISGID | S_ISVTX | 0777)
#define KERNFS_NAME_MAX 255
#define KERNFS_PATH_MAX 4096

struct kernfs_inode;

/* struct kernfs_root - one hierarchy. */
struct kernfs_root {
	struct kernfs_node *kn;
	unsigned int flags;
	void *priv;
	const struct kernfs_syscall_ops *syscall_ops;

	pthread_rwlock_t kernfs_rwsem;		/* topology, see above */
	pthread_rwlock_t kernfs_iattr_rwsem;	/* iattrs and kn->mode */

	/* id allocator: id_lock (nests inside kernfs_rwsem) */
	pthread_mutex_t id_lock;
	uint32_t last_id_lowbits;
	uint32_t id_highbits;
	struct kernfs_htab *live_ids;	/* only after the first wrap */

	/* drain waiting */
	pthread_mutex_t deactivate_lock;
	pthread_cond_t deactivate_waitq;

	/* instantiated inodes, by ino: inode_lock */
	pthread_mutex_t inode_lock;
	struct kernfs_htab inodes;
	struct kernfs_inode *root_inode;

	const void *vfs_ns;		/* ns tag the VFS face sees */

	/* VFS watch: kernfs_rwsem (write to change, read to call) */
	const struct kernfs_vfs_watch *watch;
	void *watch_data;

	/* accounting, atomics */
	atomic_size_t nr_dirs;
	atomic_size_t nr_files;
	atomic_size_t nr_links;
	atomic_size_t nr_tmpl_children;
	atomic_size_t nr_iattrs;
	atomic_size_t nr_inodes;
	atomic_size_t nr_open_files;
	atomic_size_t nr_saved_attrs;
	atomic_size_t bytes;
	bool destroyed;
};

/* struct kernfs_xattr - one extended attribute. */
struct kernfs_xattr {
	struct kernfs_xattr *next;
	size_t size;
	char *value;
	char name[];
};

/* struct kernfs_iattrs - lazily allocated attributes (kernfs_iattr_rwsem). */
struct kernfs_iattrs {
	kuid_t ia_uid;
	kgid_t ia_gid;
	struct timespec ia_atime;
	struct timespec ia_mtime;
	struct timespec ia_ctime;
	struct kernfs_xattr *xattrs;
	unsigned int nr_user_xattrs;
	unsigned int user_xattr_size;
};

/*
 * struct kernfs_open_node - per-node open state.  kn->attr.open and
 * @files change under kernfs_open_file_mutex(kn) + kernfs_notify_lock(kn)
 * and may be read under either; @nr_to_release and released flags under
 * the open file mutex; poll handles under the notify lock.
 */
struct kernfs_open_node {
	atomic_int event;
	struct kernfs_of_priv *files;	/* list of open files */
	unsigned int nr_to_release;
};

/* Private part of an open file. */
struct kernfs_of_priv {
	struct kernfs_open_file of;
	struct seq_file sf;
	pthread_mutex_t mutex;		/* serialises ops on this file */
	struct kernfs_of_priv *next;	/* on->files, kernfs_open_file_mutex */
	struct kernfs_root *root;
	struct kernfs_inode *inode;
	char *prealloc_buf;
	int event;			/* of->event */
	bool released;			/* kernfs_open_file_mutex */
	bool seq_show;
	bool orphan;			/* seq read without an active ref */
	void *poll_handle;		/* kernfs_notify_lock */
	loff_t raw_pos;
};

/* struct kernfs_inode - an instantiated inode (root->inode_lock). */
struct kernfs_inode {
	uint64_t ino;
	struct kernfs_node *kn;		/* holds a count reference */
	uint64_t nlookup;
	struct timespec mtime;		/* and atime: used without iattrs */
	struct timespec ctime;		/* used without iattrs */
	loff_t size;			/* KERNFS_ROOT_INODE_SIZE; -1: not set */
};

/* Template directory state (kernfs_rwsem). */
struct kernfs_saved_attr {
	unsigned int flags;		/* KERNFS_SAVE_* */
	umode_t mode;
	kuid_t uid;
	kgid_t gid;
	char path[];			/* relative to the template root */
};
#define KERNFS_SAVE_MODE 0x1
#define KERNFS_SAVE_UID  0x2
#define KERNFS_SAVE_GID  0x4

struct kernfs_tmpl_dir {
	const struct kernfs_template *tmpl;
	kuid_t uid;			/* default owner below a template root */
	kgid_t gid;
	struct kernfs_node **explicit_children;	/* creation order */
	unsigned int nr_explicit, alloc_explicit;
	struct kernfs_htab *saved;	/* kernfs_saved_attr by path; roots
					 * only, allocated on first save */
};

/* ---- memory (mount.c) ---- */
void *kn_zalloc(struct kernfs_root *root, size_t size);
void *kn_alloc(struct kernfs_root *root, size_t size);
void kn_free(struct kernfs_root *root, void *p);
char *kn_strdup(struct kernfs_root *root, const char *s);

/* ---- dir.c ---- */
struct kernfs_node *kernfs_new_node(struct kernfs_node *parent,
				    const char *name, umode_t mode,
				    kuid_t uid, kgid_t gid, unsigned int flags,
				    const void *ns);
int kernfs_add_one(struct kernfs_node *kn);
int kernfs_add_one_get(struct kernfs_node *kn, bool get);
void kernfs_activate_locked(struct kernfs_node *kn);
struct kernfs_node *kernfs_find_ns(struct kernfs_node *parent,
				   const char *name, const void *ns);
void kernfs_link_sibling_locked(struct kernfs_node *kn);
bool kernfs_unlink_sibling(struct kernfs_node *kn);
int kernfs_name_compare(unsigned int hash, const char *name, const void *ns,
			const struct kernfs_node *kn);
bool kernfs_active(const struct kernfs_node *kn);
void kernfs_free_node(struct kernfs_node *kn);
struct kernfs_node *kernfs_leftmost_descendant(struct kernfs_node *pos);
struct kernfs_node *kernfs_next_descendant_post(struct kernfs_node *pos,
						struct kernfs_node *root);
void kernfs_release_id(struct kernfs_root *root, uint64_t id);
int kernfs_init_root_node(struct kernfs_root *root);
void kernfs_root_free(struct kernfs_root *root);

static inline struct kernfs_node *rb_to_kn(struct kernfs_rb_node *n)
{
	return n ? (struct kernfs_node *)((char *)n - offsetof(struct kernfs_node, rb)) : NULL;
}

static inline struct kernfs_root *kernfs_root_of(const struct kernfs_node *kn)
{
	if (kernfs_type(kn) != KERNFS_DIR)
		kn = kn->parent;
	return kn->dir.root;
}

/* ---- remove.c ---- */
void __kernfs_remove(struct kernfs_node *kn);
void kernfs_drain(struct kernfs_node *kn);

/* ---- inode.c ---- */
struct kernfs_iattrs *kernfs_iattrs(struct kernfs_node *kn);
struct kernfs_iattrs *kernfs_alloc_iattrs(struct kernfs_root *root);
int kernfs_do_setattr(struct kernfs_node *kn, const struct iattr *iattr,
		      bool from_vfs);
void kernfs_free_iattrs(struct kernfs_root *root, struct kernfs_iattrs *ia);
void kernfs_effective_owner(struct kernfs_node *kn, kuid_t *uid, kgid_t *gid);
void kernfs_touch_parent(struct kernfs_node *parent);
bool kernfs_in_group(const struct kernfs_caller *c, gid_t gid);
int kernfs_generic_permission(struct kernfs_node *kn, int mask,
			      const struct kernfs_caller *c);

/* ---- file.c ---- */
pthread_mutex_t *kernfs_open_file_mutex(const struct kernfs_node *kn);
pthread_mutex_t *kernfs_notify_lock(const struct kernfs_node *kn);
int kernfs_get_open_node(struct kernfs_node *kn, struct kernfs_of_priv *p);
void kernfs_put_open_node(struct kernfs_node *kn, struct kernfs_of_priv *p,
			  bool release);
void kernfs_drain_open_files(struct kernfs_node *kn);
void kernfs_notify_wake(struct kernfs_node *kn);

/* ---- seq_file.c ---- */
ssize_t kernfs_seq_read(struct kernfs_of_priv *p, char *buf, size_t size,
			loff_t pos);
void kernfs_seq_release(struct kernfs_of_priv *p);

/* ---- template.c ---- */
struct kernfs_node *kernfs_tmpl_lookup(struct kernfs_node *dir,
				       const char *name);
struct kernfs_tmpl_dir *kernfs_tmpl_alloc(struct kernfs_root *root,
					  const struct kernfs_template *tmpl,
					  kuid_t uid, kgid_t gid);
void kernfs_tmpl_free(struct kernfs_root *root, struct kernfs_tmpl_dir *t);
void kernfs_tmpl_unlink_explicit(struct kernfs_node *kn);
void kernfs_tmpl_unlink_explicit_of(struct kernfs_node *parent,
				    struct kernfs_node *kn);
int kernfs_tmpl_add_explicit(struct kernfs_node *parent, struct kernfs_node *kn);
int kernfs_emit_dots(struct kernfs_vfs_dir *dir, loff_t *pos, loff_t first,
		     kernfs_filldir_t filldir, void *ctx);
int kernfs_tmpl_save_attr(struct kernfs_node *kn, const struct iattr *attr);
bool kernfs_tmpl_put(struct kernfs_node *kn);
int kernfs_tmpl_readdir(struct kernfs_vfs_dir *dir, loff_t pos,
			kernfs_filldir_t filldir, void *ctx);
struct kernfs_node *kernfs_tmpl_root(struct kernfs_node *kn);
void kernfs_tmpl_clear_owner(struct kernfs_node *kn, const struct iattr *ia);

/* ---- vfs.c ---- */
void kernfs_set_current(const struct kernfs_caller *c);
void kernfs_watch_removed(struct kernfs_root *root, struct kernfs_node *kn);
void kernfs_watch_followers(struct kernfs_root *root, struct kernfs_node *src);
void kernfs_watch_node(struct kernfs_root *root, struct kernfs_node *kn);
void kernfs_watch_subtree(struct kernfs_root *root, struct kernfs_node *top);
void kernfs_watch_poll(struct kernfs_root *root, void *handle);
void kernfs_watch_dir_changed(struct kernfs_root *root, struct kernfs_node *dir);
struct kernfs_inode *kernfs_inode_find(struct kernfs_root *root, uint64_t ino);
void kernfs_inode_fill_stat(struct kernfs_inode *inode, struct stat *st);

struct kernfs_vfs_dir {
	struct kernfs_inode *inode;
	struct kernfs_node *kn;
	struct kernfs_node *cursor;	/* counted; last emitted node */
	struct kernfs_root *root;
};

/* Caller helpers. */
static inline bool kernfs_capable(const struct kernfs_caller *c)
{
	return c->uid == 0;
}

static inline void kernfs_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

#endif /* KERNFS_INTERNAL_H */
