// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * xattr.c - extended attributes kept in the node's iattrs: trusted.* and
 * security.* always, user.* with KERNFS_ROOT_SUPPORT_USER_XATTR and the
 * kernel's per-node limits.
 */
#include <sys/xattr.h>

#include "kernfs-internal.h"

static bool prefix(const char *name, const char *p)
{
	return strncmp(name, p, strlen(p)) == 0;
}

/* Return: 0 when @name's namespace is handled for @root, else -EOPNOTSUPP. */
static int xattr_handled(struct kernfs_root *root, const char *name)
{
	if (root->flags & KERNFS_ROOT_NO_XATTR)
		return -EOPNOTSUPP;
	if (prefix(name, "trusted.") || prefix(name, "security."))
		return 0;
	if (prefix(name, "user.") && (root->flags & KERNFS_ROOT_SUPPORT_USER_XATTR))
		return 0;
	return -EOPNOTSUPP;
}

static struct kernfs_xattr **xattr_find(struct kernfs_iattrs *ia,
					const char *name)
{
	struct kernfs_xattr **p;

	for (p = &ia->xattrs; *p; p = &(*p)->next)
		if (!strcmp((*p)->name, name))
			return p;
	return NULL;
}

int kernfs_xattr_get(struct kernfs_node *kn, const char *name, void *value,
		     size_t size)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_xattr **x;
	int ret = xattr_handled(root, name);

	if (ret)
		return ret;
	pthread_rwlock_rdlock(&root->kernfs_iattr_rwsem);
	x = kn->iattr ? xattr_find(kn->iattr, name) : NULL;
	if (!x) {
		ret = -ENODATA;
	} else if (size && size < (*x)->size) {
		ret = -ERANGE;
	} else {
		if (size)
			memcpy(value, (*x)->value, (*x)->size);
		ret = (int)(*x)->size;
	}
	pthread_rwlock_unlock(&root->kernfs_iattr_rwsem);
	return ret;
}

/* user.* accounting; caller holds kernfs_iattr_rwsem (write). */
static int user_quota(struct kernfs_iattrs *ia, const char *name,
		      size_t old_size, bool had, size_t new_size, bool has)
{
	long count, bytes;

	if (!prefix(name, "user."))
		return 0;
	count = (long)ia->nr_user_xattrs + has - had;
	bytes = (long)ia->user_xattr_size + (has ? (long)new_size : 0) -
		(had ? (long)old_size : 0);
	if (count > KERNFS_MAX_USER_XATTRS || bytes > KERNFS_USER_XATTR_SIZE_LIMIT)
		return -ENOSPC;
	ia->nr_user_xattrs = (unsigned int)count;
	ia->user_xattr_size = (unsigned int)bytes;
	return 0;
}

static int xattr_store(struct kernfs_root *root, struct kernfs_iattrs *ia,
		       const char *name, const void *value, size_t size,
		       int flags)
{
	struct kernfs_xattr **x = xattr_find(ia, name), *old = x ? *x : NULL;
	struct kernfs_xattr *nx = NULL;
	int ret;

	if (old && (flags & KERNFS_XATTR_CREATE))
		return -EEXIST;
	if (!old && ((flags & KERNFS_XATTR_REPLACE) || !value))
		return -ENODATA;
	if (value) {
		nx = kn_zalloc(root, sizeof(*nx) + strlen(name) + 1);
		if (!nx)
			return -ENOMEM;
		nx->value = kn_alloc(root, size ? size : 1);
		if (!nx->value) {
			kn_free(root, nx);
			return -ENOMEM;
		}
		memcpy(nx->value, value, size);
		nx->size = size;
		strcpy(nx->name, name);
	}
	ret = user_quota(ia, name, old ? old->size : 0, old, size, nx);
	if (ret) {
		if (nx)
			kn_free(root, nx->value);
		kn_free(root, nx);
		return ret;
	}
	if (old) {
		*x = old->next;
		kn_free(root, old->value);
		kn_free(root, old);
	}
	if (nx) {
		nx->next = ia->xattrs;
		ia->xattrs = nx;
	}
	return 0;
}

int kernfs_xattr_set(struct kernfs_node *kn, const char *name,
		     const void *value, size_t size, int flags)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_iattrs *ia;
	int ret = xattr_handled(root, name);

	if (ret)
		return ret;
	pthread_rwlock_wrlock(&root->kernfs_iattr_rwsem);
	ia = kernfs_iattrs(kn);
	ret = ia ? xattr_store(root, ia, name, value, size, flags) : -ENOMEM;
	pthread_rwlock_unlock(&root->kernfs_iattr_rwsem);
	return ret;
}

/* xattr_permission(): user.* only on regular files and directories */
static bool user_xattr_type_ok(struct kernfs_node *kn)
{
	return S_ISREG(kn->mode) || S_ISDIR(kn->mode);
}

int kernfs_vfs_getxattr(struct kernfs_inode *inode, const char *name,
			void *value, size_t size,
			const struct kernfs_caller *caller)
{
	struct kernfs_node *kn = inode->kn;
	int ret = xattr_handled(kernfs_root_of(kn), name);

	if (ret)
		return ret;
	/* xattr_permission(): trusted.* is invisible without CAP_SYS_ADMIN */
	if (prefix(name, "trusted.") && !kernfs_capable(caller))
		return -ENODATA;
	if (prefix(name, "user.") && !user_xattr_type_ok(kn))
		return -ENODATA;
	if (prefix(name, "user.") &&
	    kernfs_generic_permission(kn, KERNFS_MAY_READ, caller))
		return -EACCES;
	return kernfs_xattr_get(kn, name, value, size);
}

int kernfs_vfs_setxattr(struct kernfs_inode *inode, const char *name,
			const void *value, size_t size, int flags,
			const struct kernfs_caller *caller)
{
	struct kernfs_node *kn = inode->kn;
	int ret = xattr_handled(kernfs_root_of(kn), name);

	if (ret)
		return ret;
	/* xattr_permission() and the capability LSM's inode_setxattr */
	if ((prefix(name, "trusted.") || prefix(name, "security.")) &&
	    !kernfs_capable(caller))
		return -EPERM;
	if (prefix(name, "user.") && !user_xattr_type_ok(kn))
		return -EPERM;
	if (prefix(name, "user.") &&
	    kernfs_generic_permission(kn, KERNFS_MAY_WRITE, caller))
		return -EACCES;
	return kernfs_xattr_set(kn, name, value, size, flags);
}

ssize_t kernfs_vfs_listxattr(struct kernfs_inode *inode, char *list,
			     size_t size, const struct kernfs_caller *caller)
{
	struct kernfs_node *kn = inode->kn;
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_xattr *x;
	size_t need = 0;
	ssize_t ret;

	if (root->flags & KERNFS_ROOT_NO_XATTR)
		return 0;
	pthread_rwlock_rdlock(&root->kernfs_iattr_rwsem);
	for (x = kn->iattr ? kn->iattr->xattrs : NULL; x; x = x->next) {
		size_t len = strlen(x->name) + 1;

		if (prefix(x->name, "trusted.") && !kernfs_capable(caller))
			continue;
		if (size && need + len <= size)
			memcpy(list + need, x->name, len);
		need += len;
	}
	pthread_rwlock_unlock(&root->kernfs_iattr_rwsem);
	ret = (ssize_t)need;
	if (size && need > size)
		ret = -ERANGE;
	return ret;
}
