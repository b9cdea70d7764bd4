/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernfs.h - the provider face of kernfs-emu.
 *
 * This mirrors the Linux kernel's include/linux/kernfs.h: the same object
 * names, the same calls, the same lifetime rules and the same errno values,
 * so that code written against one moves to the other.  A provider (sysfs,
 * cgroupfs, tracefs ...) creates a root, builds a tree of directories,
 * files and symlinks in it, and serves file I/O through struct kernfs_ops.
 *
 * Errors are returned as negative errno values.  Calls that return a
 * pointer in the kernel return ERR_PTR()-style pointers here too; use
 * IS_ERR()/PTR_ERR() from this header.
 *
 * What is not in the kernel's kernfs is marked "kernfs-emu extension" in its
 * comment: those are the additions a tracefs port would need (template
 * directories, dynamic ownership inheritance, ...).  Each one is opt-in.
 */
#ifndef KERNFS_EMU_KERNFS_H
#define KERNFS_EMU_KERNFS_H

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KERNFS_EXPORT __attribute__((visibility("default")))

/* Kernel scalar types, so kernel code compiles unchanged. */
typedef unsigned short umode_t;
typedef uid_t kuid_t;
typedef gid_t kgid_t;
typedef unsigned int __poll_t;
/* loff_t comes from <sys/types.h> (glibc's default feature set). */

#define GLOBAL_ROOT_UID ((kuid_t)0)
#define GLOBAL_ROOT_GID ((kgid_t)0)

/* ERR_PTR helpers, as in include/linux/err.h. */
#define MAX_ERRNO 4095
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr)
{
	return (uintptr_t)ptr >= (uintptr_t)-MAX_ERRNO;
}
static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

#define KERNFS_PAGE_SIZE 4096

struct kernfs_node;
struct kernfs_root;
struct kernfs_open_file;
struct kernfs_open_node;
struct kernfs_iattrs;
struct kernfs_tmpl_dir;
struct seq_file;

/* Node types: the low four bits of kernfs_node->flags. */
enum kernfs_node_type {
	KERNFS_DIR	= 0x0001,
	KERNFS_FILE	= 0x0002,
	KERNFS_LINK	= 0x0004,
};
#define KERNFS_TYPE_MASK 0x000f
#define KERNFS_FLAG_MASK (~KERNFS_TYPE_MASK)
#define KERNFS_MAX_USER_XATTRS		128
#define KERNFS_USER_XATTR_SIZE_LIMIT	(128 << 10)

/* Node flags, with the kernel's values; the high bits are extensions. */
enum kernfs_node_flag {
	KERNFS_ACTIVATED	= 0x0010,
	KERNFS_NS		= 0x0020,
	KERNFS_HAS_SEQ_SHOW	= 0x0040,
	KERNFS_HAS_MMAP		= 0x0080,
	KERNFS_LOCKDEP		= 0x0100,
	KERNFS_HIDDEN		= 0x0200,
	KERNFS_SUICIDAL		= 0x0400,
	KERNFS_SUICIDED		= 0x0800,
	KERNFS_EMPTY_DIR	= 0x1000,
	KERNFS_HAS_RELEASE	= 0x2000,
	KERNFS_REMOVING		= 0x4000,
	/*
	 * kernfs-emu extensions (not in the kernel's kernfs; a tracefs port
	 * would add them):
	 */
	KERNFS_OWNER_SOURCE	= 0x10000,	/* see kernfs_set_owner_source() */
	KERNFS_TEMPLATE		= 0x20000,	/* dir described by a template */
	KERNFS_TMPL_CHILD	= 0x40000,	/* materialised template child */
	KERNFS_UID_SET		= 0x80000,	/* uid is the node's own */
	KERNFS_GID_SET		= 0x100000,	/* gid is the node's own */
	KERNFS_UNLINKED		= 0x200000,	/* removed from its parent */
	KERNFS_UID_INHERIT	= 0x400000,	/* created with KERNFS_INHERIT_UID */
	KERNFS_GID_INHERIT	= 0x800000,	/* created with KERNFS_INHERIT_GID */
};

/* Root flags (enum kernfs_root_flag), with the kernel's values. */
enum kernfs_root_flag {
	KERNFS_ROOT_CREATE_DEACTIVATED		= 0x0001,
	KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK	= 0x0002,
	KERNFS_ROOT_SUPPORT_EXPORTOP		= 0x0004,
	KERNFS_ROOT_SUPPORT_USER_XATTR		= 0x0008,
	KERNFS_ROOT_INVARIANT_PARENT		= 0x0010,
	/*
	 * kernfs-emu extension: xattr calls answer as a filesystem without
	 * xattr handlers (get/set -EOPNOTSUPP, list empty), which is what
	 * tracefs shows and what a kernfs port of it must keep.
	 */
	KERNFS_ROOT_NO_XATTR			= 0x10000,
	/*
	 * kernfs-emu extension: truncate(2)/O_TRUNC set the size that stat
	 * reports for as long as the inode lives (tracefs behaviour); the
	 * kernel's kernfs ignores size changes.
	 */
	KERNFS_ROOT_INODE_SIZE			= 0x20000,
};

/*
 * kernfs-emu extension: pass as uid (gid) at creation for a node that has
 * no owner of its own and reports the owner of its nearest ownership
 * source (see kernfs_set_owner_source()).
 */
#define KERNFS_INHERIT_UID ((kuid_t)-1)
#define KERNFS_INHERIT_GID ((kgid_t)-1)

/* Intrusive red-black tree link (as the kernel's struct rb_node). */
struct kernfs_rb_node {
	uintptr_t __parent_color;
	struct kernfs_rb_node *rb_left;
	struct kernfs_rb_node *rb_right;
};

struct kernfs_elem_dir {
	unsigned int subdirs;		/* nlink = subdirs + 2 */
	unsigned int rev;		/* bumped on every link and unlink */
	struct kernfs_rb_node *children;	/* rbtree root, by (hash, ns, name) */
	struct kernfs_root *root;	/* the root this dir belongs to */
	struct kernfs_tmpl_dir *tmpl;	/* template state, or NULL */
};

struct kernfs_elem_symlink {
	struct kernfs_node *target_kn;	/* holds a count reference */
};

struct kernfs_elem_attr {
	const struct kernfs_ops *ops;
	struct kernfs_open_node *open;	/* kernfs_open_file_mutex */
	loff_t size;
};

/*
 * struct kernfs_node - one directory, file or symlink.
 *
 * Published fields a provider may read: name, parent (under the tree
 * lock, or when the parent cannot change), mode, flags, priv, ns.
 * Everything else belongs to kernfs-emu.
 */
struct kernfs_node {
	atomic_int count;		/* plain references */
	atomic_int active;		/* active references, see kernfs_get_active */
	struct kernfs_node *parent;	/* root->kernfs_rwsem (rename) */
	const char *name;		/* root->kernfs_rwsem (rename) */
	struct kernfs_rb_node rb;	/* parent's children, root->kernfs_rwsem */
	const void *ns;			/* namespace tag */
	unsigned int hash;		/* kernfs_name_hash(name, ns) */
	unsigned int flags;		/* type + KERNFS_*; root->kernfs_rwsem */
	umode_t mode;			/* authoritative mode, root->kernfs_iattr_rwsem */
	union {
		struct kernfs_elem_dir dir;
		struct kernfs_elem_symlink symlink;
		struct kernfs_elem_attr attr;
	};
	uint64_t id;			/* ino (low 32 bits) + generation (high) */
	void *priv;
	struct kernfs_iattrs *iattr;	/* root->kernfs_iattr_rwsem */
};

/* Directory syscalls, as struct kernfs_syscall_ops. */
struct kernfs_syscall_ops {
	int (*show_options)(struct seq_file *sf, struct kernfs_root *root);
	int (*mkdir)(struct kernfs_node *parent, const char *name, umode_t mode);
	int (*rmdir)(struct kernfs_node *kn);
	int (*rename)(struct kernfs_node *kn, struct kernfs_node *new_parent,
		      const char *new_name);
	int (*show_path)(struct seq_file *sf, struct kernfs_node *kn,
			 struct kernfs_root *root);
};

/*
 * struct kernfs_open_file - one open file, as the kernel's.
 * @kn:		the node (holds a count reference)
 * @seq_file:	always present; @seq_file->private == this
 * @priv:	for the provider
 * @flags:	open(2) flags (O_ACCMODE, O_TRUNC, O_APPEND, O_NONBLOCK ...)
 * @nonseekable: kernfs-emu extension: set from ops->open to make llseek
 *		fail with -ESPIPE (what nonseekable_open() does in the kernel)
 * @caller_pid:	kernfs-emu extension: pid of the opener
 */
struct kernfs_open_file {
	struct kernfs_node *kn;
	struct seq_file *seq_file;
	void *priv;
	int flags;
	bool nonseekable;
	pid_t caller_pid;
};

struct kernfs_poll_table;

/* struct kernfs_ops, as the kernel's (mmap is not emulated). */
struct kernfs_ops {
	int (*open)(struct kernfs_open_file *of);
	void (*release)(struct kernfs_open_file *of);
	int (*seq_show)(struct seq_file *sf, void *v);
	void *(*seq_start)(struct seq_file *sf, loff_t *ppos);
	void *(*seq_next)(struct seq_file *sf, void *v, loff_t *ppos);
	void (*seq_stop)(struct seq_file *sf, void *v);
	ssize_t (*read)(struct kernfs_open_file *of, char *buf, size_t bytes,
			loff_t off);
	size_t atomic_write_len;
	bool prealloc;
	ssize_t (*write)(struct kernfs_open_file *of, char *buf, size_t bytes,
			 loff_t off);
	__poll_t (*poll)(struct kernfs_open_file *of,
			 struct kernfs_poll_table *pt);
	loff_t (*llseek)(struct kernfs_open_file *of, loff_t offset,
			 int whence);
	/*
	 * kernfs-emu extension, not in the kernel's kernfs: files that were
	 * open when their node was removed keep calling read, seq_*,
	 * write and llseek (without an active reference) instead of failing
	 * with -ENODEV.  Such ops may touch only data they keep alive
	 * themselves (e.g. a number stored in of->priv).  tracefs needs it
	 * for files that outlive their instance, like an event's `id`.
	 */
	bool orphan_ok;
};

/* ---- roots (mount.c) ---- */

/**
 * kernfs_create_root - create a new kernfs hierarchy
 * @scops: optional directory syscall operations
 * @flags: KERNFS_ROOT_* flags
 * @priv: opaque data for the owner
 *
 * The root node is a directory named "" with mode S_IFDIR|0555 owned by
 * root; it is active unless KERNFS_ROOT_CREATE_DEACTIVATED is given.
 * Return: the new root, or ERR_PTR(-ENOMEM).
 */
KERNFS_EXPORT struct kernfs_root *
kernfs_create_root(const struct kernfs_syscall_ops *scops, unsigned int flags,
		   void *priv);

/**
 * kernfs_destroy_root - remove every node of a hierarchy and free it
 * @root: the root; NULL is ignored
 *
 * Waits for in-flight operations like kernfs_remove(); open files keep
 * answering -ENODEV until they are released; the memory goes when the
 * last reference does.
 */
KERNFS_EXPORT void kernfs_destroy_root(struct kernfs_root *root);

/** kernfs_root_to_node - Return: the root directory node of @root. */
KERNFS_EXPORT struct kernfs_node *kernfs_root_to_node(struct kernfs_root *root);

/** kernfs_root_priv - Return: the @priv given to kernfs_create_root(). */
KERNFS_EXPORT void *kernfs_root_priv(struct kernfs_root *root);

/** kernfs_root - Return: the root a node belongs to (never NULL). */
KERNFS_EXPORT struct kernfs_root *kernfs_root(const struct kernfs_node *kn);

/*
 * struct kernfs_root_stats - exact memory accounting of one root
 * (kernfs-emu extension; the benchmarks are built on it).
 */
struct kernfs_root_stats {
	size_t nr_dirs;			/* live directory nodes, root included */
	size_t nr_files;		/* live file nodes */
	size_t nr_links;		/* live symlink nodes */
	size_t nr_tmpl_children;	/* of those, materialised template children */
	size_t nr_iattrs;		/* allocated kernfs_iattrs */
	size_t nr_inodes;		/* instantiated (looked-up) inodes */
	size_t nr_open_files;		/* open files, directories included */
	size_t nr_saved_attrs;		/* template attrs kept across eviction */
	size_t bytes;			/* heap bytes held for this root now */
};

/**
 * kernfs_root_stats - read the accounting of @root
 * @root: the root
 * @st: filled in
 *
 * @st->bytes counts every heap block kernfs-emu holds for this root, with
 * malloc's own rounding (malloc_usable_size), and nothing else.
 */
KERNFS_EXPORT void kernfs_root_stats(struct kernfs_root *root,
				     struct kernfs_root_stats *st);

/* ---- nodes (dir.c) ---- */

/**
 * kernfs_create_dir_ns - create a directory
 * @parent: parent directory
 * @name: name (copied)
 * @mode: permission bits (S_IFDIR is added)
 * @uid: owner, or KERNFS_INHERIT_UID (extension)
 * @gid: group, or KERNFS_INHERIT_GID (extension)
 * @priv: opaque data
 * @ns: namespace tag, NULL when @parent is not namespace-enabled
 *
 * Return: the new node (its base reference belongs to the tree), or
 * ERR_PTR(-EINVAL) (parent not a dir, ns mismatch), ERR_PTR(-ENOENT)
 * (parent being removed or an empty dir), ERR_PTR(-EEXIST), ERR_PTR(-ENOMEM).
 */
KERNFS_EXPORT struct kernfs_node *
kernfs_create_dir_ns(struct kernfs_node *parent, const char *name,
		     umode_t mode, kuid_t uid, kgid_t gid, void *priv,
		     const void *ns);

static inline struct kernfs_node *
kernfs_create_dir(struct kernfs_node *parent, const char *name, umode_t mode,
		  void *priv)
{
	return kernfs_create_dir_ns(parent, name, mode, GLOBAL_ROOT_UID,
				    GLOBAL_ROOT_GID, priv, NULL);
}

/**
 * kernfs_create_empty_dir - create a permanently empty directory (0555)
 * Return: as kernfs_create_dir_ns(); adding children to it fails -ENOENT.
 */
KERNFS_EXPORT struct kernfs_node *
kernfs_create_empty_dir(struct kernfs_node *parent, const char *name);

/**
 * __kernfs_create_file - create a file
 * @parent: parent directory
 * @name: name (copied)
 * @mode: permission bits (S_IFREG is added)
 * @uid: owner, or KERNFS_INHERIT_UID (extension)
 * @gid: group, or KERNFS_INHERIT_GID (extension)
 * @size: what stat reports as st_size
 * @ops: file operations (must outlive the node)
 * @priv: opaque data
 * @ns: namespace tag
 * @key: lockdep key (ignored)
 *
 * Return: the new node, or an ERR_PTR as kernfs_create_dir_ns().
 */
KERNFS_EXPORT struct kernfs_node *
__kernfs_create_file(struct kernfs_node *parent, const char *name,
		     umode_t mode, kuid_t uid, kgid_t gid, loff_t size,
		     const struct kernfs_ops *ops, void *priv, const void *ns,
		     void *key);

static inline struct kernfs_node *
kernfs_create_file_ns(struct kernfs_node *parent, const char *name,
		      umode_t mode, kuid_t uid, kgid_t gid, loff_t size,
		      const struct kernfs_ops *ops, void *priv, const void *ns)
{
	return __kernfs_create_file(parent, name, mode, uid, gid, size, ops,
				    priv, ns, NULL);
}

static inline struct kernfs_node *
kernfs_create_file(struct kernfs_node *parent, const char *name, umode_t mode,
		   loff_t size, const struct kernfs_ops *ops, void *priv)
{
	return kernfs_create_file_ns(parent, name, mode, GLOBAL_ROOT_UID,
				     GLOBAL_ROOT_GID, size, ops, priv, NULL);
}

/**
 * kernfs_create_link - create a symlink to @target
 * Return: the new node (mode S_IFLNK|0777, holding a reference on
 * @target), or an ERR_PTR as kernfs_create_dir_ns().
 */
KERNFS_EXPORT struct kernfs_node *
kernfs_create_link(struct kernfs_node *parent, const char *name,
		   struct kernfs_node *target);

/** kernfs_enable_ns - make @kn's children namespace-tagged. */
KERNFS_EXPORT void kernfs_enable_ns(struct kernfs_node *kn);

/** kernfs_ns_enabled - Return: whether @kn has KERNFS_NS. */
static inline bool kernfs_ns_enabled(const struct kernfs_node *kn)
{
	return kn->flags & KERNFS_NS;
}

static inline enum kernfs_node_type kernfs_type(const struct kernfs_node *kn)
{
	return (enum kernfs_node_type)(kn->flags & KERNFS_TYPE_MASK);
}

/**
 * kernfs_activate - make a subtree visible
 * @kn: the top of the subtree
 *
 * Every node below @kn that is not hidden and not being removed becomes
 * active, and is marked KERNFS_ACTIVATED.
 */
KERNFS_EXPORT void kernfs_activate(struct kernfs_node *kn);

/**
 * kernfs_show - show or hide a file
 * @kn: a file node (directories are ignored)
 * @show: false hides it and waits until in-flight operations finished and
 *        open files were released; true shows it again if it was activated
 */
KERNFS_EXPORT void kernfs_show(struct kernfs_node *kn, bool show);

/**
 * kernfs_remove - remove a node and everything below it
 * @kn: the node; NULL is ignored
 *
 * Deactivates the subtree, waits for every in-flight operation on it,
 * releases open files (ops->release runs exactly once per open), unlinks
 * the nodes and drops the tree's references.  Must not be called from an
 * operation on a node of the subtree (see kernfs_remove_self()).
 */
KERNFS_EXPORT void kernfs_remove(struct kernfs_node *kn);

/**
 * kernfs_remove_by_name_ns - remove the child @name of @parent
 * Return: 0, or -ENOENT when there is no such child.
 */
KERNFS_EXPORT int kernfs_remove_by_name_ns(struct kernfs_node *parent,
					   const char *name, const void *ns);

static inline int kernfs_remove_by_name(struct kernfs_node *parent,
					const char *name)
{
	return kernfs_remove_by_name_ns(parent, name, NULL);
}

/**
 * kernfs_remove_self - remove a node from inside one of its own operations
 * @kn: the node whose operation is running
 *
 * Return: true for the caller that removed it; false for concurrent
 * callers, which return once the winner's removal is complete.  Either way
 * the caller's active reference is restored before returning.
 */
KERNFS_EXPORT bool kernfs_remove_self(struct kernfs_node *kn);

/**
 * kernfs_break_active_protection - let @kn be removed during an operation
 * Drops the caller's active reference; the caller must not touch data that
 * removal frees until kernfs_unbreak_active_protection().
 */
KERNFS_EXPORT void kernfs_break_active_protection(struct kernfs_node *kn);

/** kernfs_unbreak_active_protection - undo the break, see above. */
KERNFS_EXPORT void kernfs_unbreak_active_protection(struct kernfs_node *kn);

/**
 * kernfs_rename_ns - move and/or rename a node
 * Return: 0, -EINVAL (the root), -ENOENT (inactive node or target, or an
 * empty dir as target), -EEXIST, -ENOMEM.  Renaming to the same place is a
 * successful no-op.
 */
KERNFS_EXPORT int kernfs_rename_ns(struct kernfs_node *kn,
				   struct kernfs_node *new_parent,
				   const char *new_name, const void *new_ns);

static inline int kernfs_rename(struct kernfs_node *kn,
				struct kernfs_node *new_parent,
				const char *new_name)
{
	return kernfs_rename_ns(kn, new_parent, new_name, NULL);
}

/** kernfs_get - take a plain reference; NULL is ignored. */
KERNFS_EXPORT void kernfs_get(struct kernfs_node *kn);

/** kernfs_put - drop a plain reference, freeing on the last; NULL ignored. */
KERNFS_EXPORT void kernfs_put(struct kernfs_node *kn);

/**
 * kernfs_get_active - take an active reference
 * Return: @kn, or NULL when @kn is not active (hidden, being removed, or
 * never activated).
 */
KERNFS_EXPORT struct kernfs_node *kernfs_get_active(struct kernfs_node *kn);

/** kernfs_put_active - drop an active reference; wakes a waiting remover. */
KERNFS_EXPORT void kernfs_put_active(struct kernfs_node *kn);

/**
 * kernfs_find_and_get_ns - find a child by name and namespace tag
 * Return: the child with a reference the caller must put, or NULL.
 * Activation is not checked, as in the kernel.
 */
KERNFS_EXPORT struct kernfs_node *
kernfs_find_and_get_ns(struct kernfs_node *parent, const char *name,
		       const void *ns);

static inline struct kernfs_node *
kernfs_find_and_get(struct kernfs_node *parent, const char *name)
{
	return kernfs_find_and_get_ns(parent, name, NULL);
}

/**
 * kernfs_walk_and_get_ns - find a descendant by a '/'-separated path
 * Empty components are skipped; "." and ".." are ordinary names.
 * Return: the node with a reference, or NULL (not found, or a path of
 * PATH_MAX bytes or more).
 */
KERNFS_EXPORT struct kernfs_node *
kernfs_walk_and_get_ns(struct kernfs_node *parent, const char *path,
		       const void *ns);

static inline struct kernfs_node *
kernfs_walk_and_get(struct kernfs_node *parent, const char *path)
{
	return kernfs_walk_and_get_ns(parent, path, NULL);
}

/** kernfs_get_parent - Return: @kn's parent with a reference, or NULL. */
KERNFS_EXPORT struct kernfs_node *kernfs_get_parent(struct kernfs_node *kn);

/**
 * kernfs_name - copy @kn's name ("/" for the root, "(null)" for NULL)
 * Return: the full length of the name (strlcpy semantics).
 */
KERNFS_EXPORT int kernfs_name(struct kernfs_node *kn, char *buf, size_t buflen);

/**
 * kernfs_path_from_node - the path of @to relative to @from
 * @from: NULL means the root of @to
 * Return: the full length (even when truncated), or -EINVAL when the
 * nodes are in different roots or @buf is NULL.
 */
KERNFS_EXPORT int kernfs_path_from_node(struct kernfs_node *to,
					struct kernfs_node *from, char *buf,
					size_t buflen);

static inline int kernfs_path(struct kernfs_node *kn, char *buf, size_t len)
{
	return kernfs_path_from_node(kn, NULL, buf, len);
}

/**
 * kernfs_name_hash - the kernel's 31-bit (name, ns) hash
 * Return: the hash; 0, 1 and INT_MAX are never returned (readdir uses them).
 */
KERNFS_EXPORT unsigned int kernfs_name_hash(const char *name, const void *ns);

/** kernfs_ino - Return: the inode number of @kn (low 32 bits of its id). */
static inline uint64_t kernfs_ino(const struct kernfs_node *kn)
{
	return (uint32_t)kn->id;
}

/** kernfs_gen - Return: the generation of @kn (high 32 bits of its id). */
static inline uint32_t kernfs_gen(const struct kernfs_node *kn)
{
	return (uint32_t)(kn->id >> 32);
}

/* ---- attributes (inode.c, xattr.c) ---- */

/* ia_valid bits, as the kernel's ATTR_* */
#define ATTR_MODE	(1 << 0)
#define ATTR_UID	(1 << 1)
#define ATTR_GID	(1 << 2)
#define ATTR_SIZE	(1 << 3)
#define ATTR_ATIME	(1 << 4)
#define ATTR_MTIME	(1 << 5)
#define ATTR_CTIME	(1 << 6)
#define ATTR_ATIME_SET	(1 << 7)
#define ATTR_MTIME_SET	(1 << 8)

struct iattr {
	unsigned int ia_valid;
	umode_t ia_mode;
	kuid_t ia_uid;
	kgid_t ia_gid;
	loff_t ia_size;
	struct timespec ia_atime;
	struct timespec ia_mtime;
	struct timespec ia_ctime;
};

/**
 * kernfs_setattr - set attributes from kernel code (no permission checks)
 * @kn: the node
 * @iattr: what to set; ATTR_MODE goes to kn->mode, ATTR_UID/GID/times to
 *	   the node's iattrs (allocated on demand), ATTR_SIZE is ignored
 * Return: 0 or -ENOMEM.
 */
KERNFS_EXPORT int kernfs_setattr(struct kernfs_node *kn,
				 const struct iattr *iattr);

/**
 * kernfs_node_owner - the uid @kn reports (kernfs-emu: with ownership
 * inheritance applied); GLOBAL_ROOT_UID for NULL.
 */
KERNFS_EXPORT kuid_t kernfs_node_owner(struct kernfs_node *kn);

/** kernfs_node_group - the gid @kn reports; GLOBAL_ROOT_GID for NULL. */
KERNFS_EXPORT kgid_t kernfs_node_group(struct kernfs_node *kn);

/**
 * kernfs_set_owner_source - mark @kn as an ownership source (extension)
 *
 * kernfs-emu extension, not in the kernel's kernfs.  A node created with
 * KERNFS_INHERIT_UID (or _GID) reports the uid (gid) of its nearest
 * ancestor that is an ownership source, if that ancestor has an owner of
 * its own, else the owner of the root node.  This is tracefs' dynamic
 * ownership: the mount root and instances/ are the sources.
 */
KERNFS_EXPORT void kernfs_set_owner_source(struct kernfs_node *kn, bool on);

/**
 * kernfs_clear_owner - forget the own uid/gid of a subtree (extension)
 * @kn: top of the subtree
 * @uid: new owner of @kn itself
 * @gid: new group of @kn itself
 *
 * kernfs-emu extension (tracefs remount semantics): @kn gets @uid/@gid as
 * its own; every node below it that was created with KERNFS_INHERIT_UID
 * (_GID) loses the uid (gid) it was chowned to and inherits again (nodes
 * created with an explicit owner keep it); template directories
 * below take @uid/@gid as their default and forget the owners saved for
 * their children (saved modes survive).
 */
KERNFS_EXPORT void kernfs_clear_owner(struct kernfs_node *kn, kuid_t uid,
				      kgid_t gid);

/**
 * kernfs_clear_owner_attr - kernfs_clear_owner() for some ids only
 * @kn: top of the subtree
 * @ia: ATTR_UID and/or ATTR_GID in ia_valid, with the new ids; ids not
 *	named are left alone everywhere (a remount giving only uid=)
 *
 * kernfs-emu extension.
 */
KERNFS_EXPORT void kernfs_clear_owner_attr(struct kernfs_node *kn,
					   const struct iattr *ia);

/**
 * kernfs_xattr_get - read an xattr of @kn
 * Return: the value size, -ENODATA, -ERANGE when @size is too small (and
 * not 0), -EOPNOTSUPP with KERNFS_ROOT_NO_XATTR.
 */
KERNFS_EXPORT int kernfs_xattr_get(struct kernfs_node *kn, const char *name,
				   void *value, size_t size);

/* xattr set flags, as <sys/xattr.h> */
#define KERNFS_XATTR_CREATE	0x1
#define KERNFS_XATTR_REPLACE	0x2

/**
 * kernfs_xattr_set - set (or with @value NULL, remove) an xattr of @kn
 * Return: 0, -EEXIST/-ENODATA (CREATE/REPLACE), -EOPNOTSUPP (unknown
 * prefix, user.* without KERNFS_ROOT_SUPPORT_USER_XATTR), -ENOSPC (user.*
 * limits), -ENOMEM.  No permission checks: see kernfs_vfs_setxattr().
 */
KERNFS_EXPORT int kernfs_xattr_set(struct kernfs_node *kn, const char *name,
				   const void *value, size_t size, int flags);

/* ---- files (file.c) ---- */

/**
 * kernfs_notify - tell pollers of file @kn that it changed
 *
 * Bumps the open node's event so that poll reports EPOLLERR|EPOLLPRI to
 * open files that have not read since, and wakes pollers.  Safe from any
 * context, including from @kn's own operations; never runs provider code.
 */
KERNFS_EXPORT void kernfs_notify(struct kernfs_node *kn);

/** kernfs_generic_poll - the default poll: DEFAULT_POLLMASK, +ERR|PRI. */
KERNFS_EXPORT __poll_t kernfs_generic_poll(struct kernfs_open_file *of,
					   struct kernfs_poll_table *pt);

/* ---- caller identity (kernfs-emu extension) ---- */

/*
 * struct kernfs_caller - who performs the current VFS operation.  The
 * kernel has `current`; a userspace VFS passes this in, and providers can
 * read it with kernfs_current_caller() during their operations.
 */
struct kernfs_caller {
	uid_t uid;
	gid_t gid;
	pid_t pid;
	int ngroups;
	const gid_t *groups;	/* supplementary groups, may be NULL */
	/*
	 * optional: true once the caller was interrupted (the kernel's
	 * signal_pending()); blocking ops poll it through
	 * kernfs_signal_pending() and give up with -EINTR
	 */
	bool (*signal_pending)(const struct kernfs_caller *c);
	void *vfs_data;		/* for the VFS user's callbacks */
};

/**
 * kernfs_current_caller - the caller of the VFS operation running on this
 * thread.  Return: never NULL (a root caller with pid 0 outside ops).
 */
KERNFS_EXPORT const struct kernfs_caller *kernfs_current_caller(void);

/**
 * kernfs_signal_pending - was the current caller interrupted?
 * Return: what the caller's signal_pending hook says; false without one.
 */
KERNFS_EXPORT bool kernfs_signal_pending(void);

#ifdef __cplusplus
}
#endif

#include <kernfs-emu/seq_file.h>
#include <kernfs-emu/template.h>

#endif /* KERNFS_EMU_KERNFS_H */
