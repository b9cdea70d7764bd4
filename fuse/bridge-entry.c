/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bridge-entry.c - names and attributes: lookup/forget, getattr/setattr,
 * readlink, the directory-changing calls, statfs and xattrs.
 *
 * Every reply comes from kernfs-emu's VFS face; the bridge adds no policy.
 * A failed lookup is answered with an error, never with a negative entry,
 * so the kernel caches no negative dentry and a node created behind its
 * back is found at once.
 */
#include "bridge-internal.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

/* The inode of @ino, or NULL after replying ESTALE (not one of ours). */
static struct kernfs_inode *kfe_inode_or_reply(struct kfe_bridge *br,
					       fuse_req_t req, fuse_ino_t ino)
{
	struct kernfs_inode *inode = kfe_inode(br, ino);

	if (!inode)
		fuse_reply_err(req, ESTALE);
	return inode;
}

static void kfe_reply_status(fuse_req_t req, int ret)
{
	fuse_reply_err(req, ret < 0 ? -ret : 0);
}

void kfe_op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *dir = kfe_inode_or_reply(br, req, parent);
	struct kernfs_inode *inode;
	struct stat st;
	int ret;

	if (!dir)
		return;
	KFE_CALLER(c, br, req);
	kfe_request_begin(br, req);
	ret = kernfs_vfs_lookup(dir, name, &c.kc, &inode, &st);
	kfe_request_end();
	if (ret < 0)
		fuse_reply_err(req, -ret);
	else
		kfe_reply_entry(br, req, inode, &st);
}

void kfe_op_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	kfe_count_put(kfe_req_bridge(req), ino, nlookup);
	fuse_reply_none(req);
}

void kfe_op_forget_multi(fuse_req_t req, size_t count,
			 struct fuse_forget_data *forgets)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	size_t i;

	for (i = 0; i < count; i++)
		kfe_count_put(br, forgets[i].ino, forgets[i].nlookup);
	fuse_reply_none(req);
}

void kfe_op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *inode = kfe_inode_or_reply(br, req, ino);
	struct stat st;
	int ret;

	if (!inode)
		return;
	ret = kernfs_vfs_getattr(inode, &st, NULL);
	if (ret < 0)
		fuse_reply_err(req, -ret);
	else
		fuse_reply_attr(req, &st, br->opts.attr_timeout);
}

/* FUSE's setattr request as the kernel's struct iattr. */
static void kfe_to_iattr(const struct stat *attr, int to_set,
			 struct iattr *ia)
{
	struct timespec now;

	memset(ia, 0, sizeof(*ia));
	clock_gettime(CLOCK_REALTIME, &now);
	if (to_set & FUSE_SET_ATTR_MODE) {
		ia->ia_valid |= ATTR_MODE;
		ia->ia_mode = (umode_t)attr->st_mode;
	}
	if (to_set & FUSE_SET_ATTR_UID) {
		ia->ia_valid |= ATTR_UID;
		ia->ia_uid = attr->st_uid;
	}
	if (to_set & FUSE_SET_ATTR_GID) {
		ia->ia_valid |= ATTR_GID;
		ia->ia_gid = attr->st_gid;
	}
	if (to_set & FUSE_SET_ATTR_SIZE) {
		ia->ia_valid |= ATTR_SIZE;
		ia->ia_size = attr->st_size;
	}
	if (to_set & FUSE_SET_ATTR_ATIME_NOW) {
		ia->ia_valid |= ATTR_ATIME;
		ia->ia_atime = now;
	} else if (to_set & FUSE_SET_ATTR_ATIME) {
		ia->ia_valid |= ATTR_ATIME | ATTR_ATIME_SET;
		ia->ia_atime = attr->st_atim;
	}
	if (to_set & FUSE_SET_ATTR_MTIME_NOW) {
		ia->ia_valid |= ATTR_MTIME;
		ia->ia_mtime = now;
	} else if (to_set & FUSE_SET_ATTR_MTIME) {
		ia->ia_valid |= ATTR_MTIME | ATTR_MTIME_SET;
		ia->ia_mtime = attr->st_mtim;
	}
	ia->ia_valid |= ATTR_CTIME;
	ia->ia_ctime = (to_set & FUSE_SET_ATTR_CTIME) ? attr->st_ctim : now;
}

void kfe_op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr,
		    int to_set, struct fuse_file_info *fi)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *inode = kfe_inode_or_reply(br, req, ino);
	struct iattr ia;
	struct stat st;
	int ret;

	if (!inode)
		return;
	KFE_CALLER(c, br, req);
	kfe_to_iattr(attr, to_set, &ia);
	ret = kernfs_vfs_setattr(inode, &ia, &c.kc, &st);
	if (ret < 0)
		fuse_reply_err(req, -ret);
	else
		fuse_reply_attr(req, &st, br->opts.attr_timeout);
}

void kfe_op_readlink(fuse_req_t req, fuse_ino_t ino)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *inode = kfe_inode_or_reply(br, req, ino);
	char buf[PATH_MAX];
	int ret;

	if (!inode)
		return;
	ret = kernfs_vfs_readlink(inode, buf, sizeof(buf) - 1);
	if (ret < 0) {
		fuse_reply_err(req, -ret);
		return;
	}
	buf[ret] = '\0';
	fuse_reply_readlink(req, buf);
}

/* mknod, symlink and link: kernfs has none of them. */
static void kfe_no_new_node(fuse_req_t req, fuse_ino_t parent,
			    const char *name)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *dir = kfe_inode_or_reply(br, req, parent);
	int ret;

	if (!dir)
		return;
	KFE_CALLER(c, br, req);
	ret = kernfs_vfs_mknod(dir, name, &c.kc);
	fuse_reply_err(req, ret < 0 ? -ret : EPERM);
}

void kfe_op_mknod(fuse_req_t req, fuse_ino_t parent, const char *name,
		  mode_t mode, dev_t rdev)
{
	kfe_no_new_node(req, parent, name);
}

void kfe_op_symlink(fuse_req_t req, const char *link, fuse_ino_t parent,
		    const char *name)
{
	kfe_no_new_node(req, parent, name);
}

void kfe_op_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent,
		 const char *newname)
{
	kfe_no_new_node(req, newparent, newname);
}

void kfe_op_create(fuse_req_t req, fuse_ino_t parent, const char *name,
		   mode_t mode, struct fuse_file_info *fi)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *dir = kfe_inode_or_reply(br, req, parent);
	int ret;

	if (!dir)
		return;
	KFE_CALLER(c, br, req);
	ret = kernfs_vfs_create(dir, name, &c.kc);
	fuse_reply_err(req, ret < 0 ? -ret : EACCES);
}

void kfe_op_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name,
		  mode_t mode)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *dir = kfe_inode_or_reply(br, req, parent);
	struct kernfs_inode *inode;
	struct stat st;
	int ret;

	if (!dir)
		return;
	KFE_CALLER(c, br, req);
	/* the kernel applied the umask already (no FUSE_CAP_DONT_MASK) */
	kfe_request_begin(br, req);
	ret = kernfs_vfs_mkdir(dir, name, (umode_t)(mode & 07777), &c.kc,
			       &inode, &st);
	kfe_request_end();
	if (ret < 0)
		fuse_reply_err(req, -ret);
	else
		kfe_reply_entry(br, req, inode, &st);
}

void kfe_op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *dir = kfe_inode_or_reply(br, req, parent);
	int ret;

	if (!dir)
		return;
	KFE_CALLER(c, br, req);
	ret = kernfs_vfs_unlink(dir, name, &c.kc);
	fuse_reply_err(req, ret < 0 ? -ret : EPERM);
}

/*
 * rmdir and rename must not wait for the notifications they cause: the
 * kernel holds the directories' locks until they reply, and the notifier
 * needs those locks.
 *
 * A directory kept busy by an open file (-EBUSY) may be free as soon as
 * a RELEASE the kernel queued before this rmdir is served: with the
 * kernel's own file systems close(2) releases at once, so "close, then
 * rmdir" must not fail here either.
 */
void kfe_op_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *dir = kfe_inode_or_reply(br, req, parent);
	uint64_t released;
	int ret, tries = 0;

	if (!dir)
		return;
	KFE_CALLER(c, br, req);
	kfe_request_begin(br, req);
	do {
		released = kfe_releases_done(br);
		ret = kernfs_vfs_rmdir(dir, name, &c.kc);
	} while (ret == -EBUSY && ++tries < KFE_RMDIR_TRIES &&
		 kfe_wait_releases(br, released));
	kfe_request_end();
	kfe_reply_status(req, ret);
}

void kfe_op_rename(fuse_req_t req, fuse_ino_t parent, const char *name,
		   fuse_ino_t newparent, const char *newname,
		   unsigned int flags)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *olddir = kfe_inode_or_reply(br, req, parent);
	struct kernfs_inode *newdir;
	int ret;

	if (!olddir)
		return;
	newdir = kfe_inode_or_reply(br, req, newparent);
	if (!newdir)
		return;
	KFE_CALLER(c, br, req);
	kfe_request_begin(br, req);
	ret = kernfs_vfs_rename(olddir, name, newdir, newname, flags, &c.kc);
	kfe_request_end();
	kfe_reply_status(req, ret);
}

void kfe_op_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct statvfs sv = {
		.f_bsize = KERNFS_PAGE_SIZE,
		.f_frsize = KERNFS_PAGE_SIZE,
		.f_namemax = 255,
	};

	fuse_reply_statfs(req, &sv);
}

/* ---- xattrs ---- */

void kfe_op_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name,
		     const char *value, size_t size, int flags)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *inode = kfe_inode_or_reply(br, req, ino);
	int ret;

	if (!inode)
		return;
	KFE_CALLER(c, br, req);
	ret = kernfs_vfs_setxattr(inode, name, value, size, flags, &c.kc);
	kfe_reply_status(req, ret);
}

void kfe_op_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *inode = kfe_inode_or_reply(br, req, ino);
	int ret;

	if (!inode)
		return;
	KFE_CALLER(c, br, req);
	/* what the VFS's removexattr asks of a handler */
	ret = kernfs_vfs_setxattr(inode, name, NULL, 0, KERNFS_XATTR_REPLACE,
				  &c.kc);
	kfe_reply_status(req, ret);
}

/* Reply to a getxattr/listxattr: a size probe when @size is 0. */
static void kfe_reply_xattr_result(fuse_req_t req, ssize_t ret, size_t size,
				   const char *buf)
{
	if (ret < 0)
		fuse_reply_err(req, (int)-ret);
	else if (!size)
		fuse_reply_xattr(req, (size_t)ret);
	else
		fuse_reply_buf(req, buf, (size_t)ret);
}

void kfe_op_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name,
		     size_t size)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *inode = kfe_inode_or_reply(br, req, ino);
	g_autofree char *buf = NULL;
	int ret;

	if (!inode)
		return;
	KFE_CALLER(c, br, req);
	if (size)
		buf = g_malloc(size);
	ret = kernfs_vfs_getxattr(inode, name, buf, size, &c.kc);
	kfe_reply_xattr_result(req, ret, size, buf);
}

void kfe_op_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *inode = kfe_inode_or_reply(br, req, ino);
	g_autofree char *buf = NULL;
	ssize_t ret;

	if (!inode)
		return;
	KFE_CALLER(c, br, req);
	if (size)
		buf = g_malloc(size);
	ret = kernfs_vfs_listxattr(inode, buf, size, &c.kc);
	kfe_reply_xattr_result(req, ret, size, buf);
}
