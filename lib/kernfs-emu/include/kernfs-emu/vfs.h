/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vfs.h - the VFS face of kernfs-emu.
 *
 * What the kernel's VFS calls into kernfs (kernfs_iop_*, kernfs_fop_*,
 * kernfs_dop_*), for a userspace VFS: the FUSE bridge and the tests.
 * Inodes are created on demand by lookup and counted like FUSE's nlookup;
 * forget drops them.  Every operation that reaches provider code holds an
 * active reference on the node.  All errors are negative errno values,
 * the ones the kernel's VFS + kernfs return for the same request.
 *
 * The caller of each operation is passed explicitly; providers see it
 * through kernfs_current_caller() while their code runs.  A caller with
 * uid 0 has every capability (CAP_DAC_OVERRIDE, CAP_CHOWN, CAP_FOWNER).
 */
#ifndef KERNFS_EMU_VFS_H
#define KERNFS_EMU_VFS_H

#include <kernfs-emu/kernfs.h>
#include <sys/stat.h>

#ifdef __cplusplus
extern "C" {
#endif

struct kernfs_inode;		/* an instantiated (looked-up) inode */
struct kernfs_vfs_file;		/* an open file */
struct kernfs_vfs_dir;		/* an open directory */

#define KERNFS_MAY_EXEC		0x1
#define KERNFS_MAY_WRITE	0x2
#define KERNFS_MAY_READ		0x4

/* POLL bits the kernel reports (DEFAULT_POLLMASK = IN|OUT|RDNORM|WRNORM). */
#define KERNFS_DEFAULT_POLLMASK (0x001 | 0x004 | 0x040 | 0x100)

/*
 * struct kernfs_vfs_watch - what the VFS user is told (kernfs-emu).
 * Called with no kernfs-emu lock held, from the thread that made the
 * change.  All members are optional.
 * @removed:	the node @ino (generation @gen), named @name in directory
 *		@parent_ino, went away; only for nodes that have an inode
 * @renamed:	@ino moved from @old_parent/@old_name
 * @attr_changed: the attributes of inode @ino changed behind the VFS's
 *		back (kernfs_setattr() by the provider, chown of an ownership
 *		source, kernfs_clear_owner() ...)
 * @poll_wakeup: a poll registered with kernfs_vfs_poll() fired (or its
 *		file was released before it fired); @handle is the one passed
 *		there and is not used again by kernfs-emu
 * @dir_changed: directory @dir_ino (which has an inode) gained or lost a
 *		child - created, removed, or (template directories) listed
 *		or no longer listed by its provider, see
 *		kernfs_template_changed() - or a child was renamed in,
 *		out or within it, so its nlink, times and listing changed;
 *		a template child being materialised or evicted changes
 *		nothing
 */
struct kernfs_vfs_watch {
	void (*removed)(void *data, uint64_t parent_ino, const char *name,
			uint64_t ino);
	void (*renamed)(void *data, uint64_t old_parent, const char *old_name,
			uint64_t new_parent, const char *new_name,
			uint64_t ino);
	void (*attr_changed)(void *data, uint64_t ino);
	void (*poll_wakeup)(void *data, void *handle);
	void (*dir_changed)(void *data, uint64_t dir_ino);
};

/**
 * kernfs_vfs_set_watch - register the VFS user's callbacks for @root
 * @watch: callbacks (must outlive the registration), NULL to unregister
 */
KERNFS_EXPORT void kernfs_vfs_set_watch(struct kernfs_root *root,
					const struct kernfs_vfs_watch *watch,
					void *data);

/**
 * kernfs_vfs_set_ns - the namespace tag this VFS view sees
 * In directories with KERNFS_NS, lookup and readdir see only the children
 * tagged @ns (a superblock's ns in the kernel); NULL by default.
 */
KERNFS_EXPORT void kernfs_vfs_set_ns(struct kernfs_root *root, const void *ns);

/**
 * kernfs_vfs_root - the inode of the root directory
 * It exists as long as @root and is never forgotten; its number is 1.
 */
KERNFS_EXPORT struct kernfs_inode *kernfs_vfs_root(struct kernfs_root *root);

/**
 * kernfs_vfs_ilookup - find an instantiated inode by number
 * Return: the inode (no count taken), or NULL when @ino has no inode.
 */
KERNFS_EXPORT struct kernfs_inode *kernfs_vfs_ilookup(struct kernfs_root *root,
						      uint64_t ino);

/** kernfs_vfs_inode_ino - Return: @inode's number, unique among inodes. */
KERNFS_EXPORT uint64_t kernfs_vfs_inode_ino(struct kernfs_inode *inode);

/** kernfs_vfs_inode_node - Return: the node of @inode (no reference). */
KERNFS_EXPORT struct kernfs_node *kernfs_vfs_inode_node(struct kernfs_inode *inode);

/**
 * kernfs_vfs_lookup - look up @name in @dir, instantiating its inode
 * @st: if not NULL, filled as by kernfs_vfs_getattr()
 *
 * On success the inode's lookup count is incremented (balance it with
 * kernfs_vfs_forget()).  Return: 0, -ENOENT (absent or inactive),
 * -ENOTDIR, -ENAMETOOLONG (over 255 bytes), -EACCES (no search permission
 * on @dir), -ENOMEM.
 */
KERNFS_EXPORT int kernfs_vfs_lookup(struct kernfs_inode *dir, const char *name,
				    const struct kernfs_caller *caller,
				    struct kernfs_inode **out, struct stat *st);

/**
 * kernfs_vfs_forget - drop @nlookup lookups of @inode
 * When the count reaches zero the inode is freed, and with it its node
 * reference (a template child may then be freed).  The root inode is
 * never freed.
 * Return: the lookups dropped: @nlookup, or fewer when the inode held
 * fewer (an accounting error of the caller; the inode is freed then).
 */
KERNFS_EXPORT uint64_t kernfs_vfs_forget(struct kernfs_inode *inode,
					 uint64_t nlookup);

/**
 * kernfs_vfs_forget_all - drop every lookup of every inode but the root's,
 * as an unmount does
 * @nr_inodes: receives the number of inodes freed
 *
 * No other VFS call may run on @root at the same time.
 * Return: the lookups dropped.
 */
KERNFS_EXPORT uint64_t kernfs_vfs_forget_all(struct kernfs_root *root,
					     uint64_t *nr_inodes);

/**
 * kernfs_vfs_getattr - stat @inode
 * st_ino is the node's inode number (KERNFS_TEMPLATE_FILE_INO for files of
 * template directories; kernfs_vfs_inode_ino() is the identity), st_size the file size (or the size
 * set with KERNFS_ROOT_INODE_SIZE), st_nlink subdirs + 2 for directories
 * (1 for template directories), st_blksize 4096, times from the iattrs or
 * from the inode's instantiation.  @gen receives the generation if not NULL.
 * Return: 0.
 */
KERNFS_EXPORT int kernfs_vfs_getattr(struct kernfs_inode *inode,
				     struct stat *st, uint32_t *gen);

/**
 * kernfs_vfs_setattr - chmod/chown/truncate/utimes with the VFS's checks
 * Return: 0 and @st refreshed, -EPERM (not owner, chown without CAP_CHOWN,
 * chgrp to a group the caller is not in), -EACCES (utimes "now" without
 * write permission), -ENODEV (node removed), -ENOMEM.
 */
KERNFS_EXPORT int kernfs_vfs_setattr(struct kernfs_inode *inode,
				     const struct iattr *attr,
				     const struct kernfs_caller *caller,
				     struct stat *st);

/**
 * kernfs_vfs_permission - generic_permission() on the node's attributes
 * @mask: KERNFS_MAY_* bits
 * Return: 0 or -EACCES.
 */
KERNFS_EXPORT int kernfs_vfs_permission(struct kernfs_inode *inode, int mask,
					const struct kernfs_caller *caller);

/**
 * kernfs_vfs_readlink - the target of a symlink, relative to its parent
 * Return: the length written (not NUL-terminated), -EINVAL (not a link),
 * -ENAMETOOLONG.
 */
KERNFS_EXPORT int kernfs_vfs_readlink(struct kernfs_inode *inode, char *buf,
				      size_t size);

/* ---- directories ---- */

/**
 * kernfs_vfs_opendir - open a directory for reading
 * Return: 0, -ENOTDIR, -ENODEV (inactive), -ENOMEM.
 */
KERNFS_EXPORT int kernfs_vfs_opendir(struct kernfs_inode *inode,
				     const struct kernfs_caller *caller,
				     struct kernfs_vfs_dir **out);

/*
 * kernfs_filldir_t - receives one entry; return non-zero to stop (buffer
 * full): the entry is then not consumed and is emitted again next time.
 * @next_pos is the position to resume after this entry.
 */
typedef int (*kernfs_filldir_t)(void *ctx, const char *name, size_t namelen,
				uint64_t ino, unsigned int d_type,
				loff_t next_pos);

/**
 * kernfs_vfs_readdir - emit entries starting at position @pos
 *
 * Positions are the kernel's: 0 ".", 1 "..", then the hash of the next
 * entry, INT_MAX at the end; template directories use indexes instead.
 * After concurrent removal one entry may be emitted twice, as in the
 * kernel; an entry present throughout is never skipped.  A removed
 * directory lists only "." and ".." (a removed template directory then
 * answers -EINVAL, as eventfs does).  Return: 0 or -EINVAL.
 */
KERNFS_EXPORT int kernfs_vfs_readdir(struct kernfs_vfs_dir *dir, loff_t pos,
				     kernfs_filldir_t filldir, void *ctx);

/** kernfs_vfs_releasedir - close a directory; NULL is ignored. */
KERNFS_EXPORT void kernfs_vfs_releasedir(struct kernfs_vfs_dir *dir);

/**
 * kernfs_vfs_mkdir - mkdir(2) through the root's syscall ops
 * Return: 0 with the new inode looked up once, -EEXIST, -EPERM (no mkdir
 * op), -ENODEV, -ENAMETOOLONG, -EACCES (no write/search permission), or the
 * op's error.
 */
KERNFS_EXPORT int kernfs_vfs_mkdir(struct kernfs_inode *dir, const char *name,
				   umode_t mode,
				   const struct kernfs_caller *caller,
				   struct kernfs_inode **out, struct stat *st);

/**
 * kernfs_vfs_rmdir - rmdir(2) through the root's syscall ops
 * Return: 0, -ENOENT, -ENOTDIR, -EINVAL ("."), -ENOTEMPTY (".."), -EPERM
 * (no rmdir op), -ENODEV, -EACCES, or the op's error.
 */
KERNFS_EXPORT int kernfs_vfs_rmdir(struct kernfs_inode *dir, const char *name,
				   const struct kernfs_caller *caller);

/**
 * kernfs_vfs_rename - rename(2) through the root's syscall ops
 * Return: 0, -EINVAL (any RENAME_* flag), -EPERM (no rename op), -ENOENT,
 * -ENODEV, -EACCES, or the op's error.
 */
KERNFS_EXPORT int kernfs_vfs_rename(struct kernfs_inode *olddir,
				    const char *oldname,
				    struct kernfs_inode *newdir,
				    const char *newname, unsigned int flags,
				    const struct kernfs_caller *caller);

/**
 * kernfs_vfs_unlink - unlink(2): kernfs has no unlink op
 * Return: -ENOENT (absent), -EISDIR (a directory), else -EPERM.
 */
KERNFS_EXPORT int kernfs_vfs_unlink(struct kernfs_inode *dir, const char *name,
				    const struct kernfs_caller *caller);

/**
 * kernfs_vfs_create - open(O_CREAT) of a name: kernfs has no create op
 * Return: -EEXIST when @name exists (the caller asked for O_EXCL),
 * otherwise -EACCES.
 */
KERNFS_EXPORT int kernfs_vfs_create(struct kernfs_inode *dir, const char *name,
				    const struct kernfs_caller *caller);

/**
 * kernfs_vfs_mknod - mknod(2), symlink(2), link(2) into kernfs
 * Return: -EEXIST when @name exists, otherwise -EPERM.
 */
KERNFS_EXPORT int kernfs_vfs_mknod(struct kernfs_inode *dir, const char *name,
				   const struct kernfs_caller *caller);

/* ---- files ---- */

/**
 * kernfs_vfs_open - open a file
 * @flags: open(2) flags
 * Return: 0, -EISDIR (a directory opened for writing), -ENODEV (inactive),
 * -EACCES (KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK), -EINVAL (prealloc with
 * seq_show), -ENOMEM, or ops->open's error.  On success ops->release will
 * run exactly once: at kernfs_vfs_release() or when the node is removed.
 */
KERNFS_EXPORT int kernfs_vfs_open(struct kernfs_inode *inode, int flags,
				  const struct kernfs_caller *caller,
				  struct kernfs_vfs_file **out);

/** kernfs_vfs_file_of - Return: the kernfs_open_file of an open file. */
KERNFS_EXPORT struct kernfs_open_file *
kernfs_vfs_file_of(struct kernfs_vfs_file *file);

/**
 * kernfs_vfs_read - read(2)/pread(2) at @pos
 * seq_file files continue where the previous read stopped when @pos is
 * where it ended, and regenerate from the start otherwise; raw files are
 * read at most 4096 bytes per call.
 * Return: bytes read, 0 at the end, -ENODEV (removed), -EINVAL (no read
 * op), -EBADF (not open for reading), or the op's error.
 */
KERNFS_EXPORT ssize_t kernfs_vfs_read(struct kernfs_vfs_file *file, char *buf,
				      size_t count, loff_t pos,
				      const struct kernfs_caller *caller);

/**
 * kernfs_vfs_write - write(2)/pwrite(2) at @pos
 * Writes over 4096 bytes are shortened to 4096 (or fail -E2BIG with
 * atomic_write_len); each call is one complete command for the op.
 * Return: what ops->write returned, -ENODEV, -EINVAL (no write op),
 * -EBADF (not open for writing), -E2BIG, -ENOMEM.
 */
KERNFS_EXPORT ssize_t kernfs_vfs_write(struct kernfs_vfs_file *file,
				       const char *buf, size_t count,
				       loff_t pos,
				       const struct kernfs_caller *caller);

/**
 * kernfs_vfs_llseek - lseek(2)
 * Return: the new position, -EINVAL, -ESPIPE (non-seekable), -ENODEV.
 */
KERNFS_EXPORT loff_t kernfs_vfs_llseek(struct kernfs_vfs_file *file,
				       loff_t offset, int whence);

/**
 * kernfs_vfs_poll - poll(2)
 * @handle: if not NULL, a one-shot wake-up handle: the watch's poll_wakeup
 *	    gets it at the next kernfs_notify() of the node (a handle from an
 *	    earlier call that has not fired is passed to poll_wakeup first)
 * Return: the revents mask (EPOLL* bits).
 */
KERNFS_EXPORT unsigned int kernfs_vfs_poll(struct kernfs_vfs_file *file,
					   void *handle);

/**
 * kernfs_vfs_release - close an open file; NULL is ignored
 * Calls ops->release unless removal already did.
 */
KERNFS_EXPORT void kernfs_vfs_release(struct kernfs_vfs_file *file);

/* ---- xattrs, as the VFS checks them ---- */

/**
 * kernfs_vfs_getxattr - getxattr(2)
 * Return: as kernfs_xattr_get(), plus -ENODATA for trusted.* unless root
 * and -EACCES for user.* without read permission.
 */
KERNFS_EXPORT int kernfs_vfs_getxattr(struct kernfs_inode *inode,
				      const char *name, void *value,
				      size_t size,
				      const struct kernfs_caller *caller);

/**
 * kernfs_vfs_setxattr - set (@value NULL: remove) an xattr
 * Return: as kernfs_xattr_set(), plus -EPERM for trusted.* and security.*
 * unless root, -EACCES for user.* without write permission.
 */
KERNFS_EXPORT int kernfs_vfs_setxattr(struct kernfs_inode *inode,
				      const char *name, const void *value,
				      size_t size, int flags,
				      const struct kernfs_caller *caller);

/**
 * kernfs_vfs_listxattr - list xattr names, NUL-separated
 * Return: the size needed/written, -ERANGE.  trusted.* names are listed
 * only to root.
 */
KERNFS_EXPORT ssize_t kernfs_vfs_listxattr(struct kernfs_inode *inode,
					   char *list, size_t size,
					   const struct kernfs_caller *caller);

#ifdef __cplusplus
}
#endif

#endif /* KERNFS_EMU_VFS_H */
