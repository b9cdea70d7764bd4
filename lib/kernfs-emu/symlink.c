// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * symlink.c - symlinks: creation and the relative target path that
 * readlink returns (the kernel's fs/kernfs/symlink.c).
 */
#include "kernfs-internal.h"

struct kernfs_node *kernfs_create_link(struct kernfs_node *parent,
				       const char *name,
				       struct kernfs_node *target)
{
	struct kernfs_node *kn;
	const void *ns = NULL;
	int ret;

	if (!parent || kernfs_type(parent) != KERNFS_DIR)
		return ERR_PTR(-EINVAL);
	if (kernfs_ns_enabled(parent))
		ns = target->ns;
	kn = kernfs_new_node(parent, name, S_IFLNK | 0777, GLOBAL_ROOT_UID,
			     GLOBAL_ROOT_GID, KERNFS_LINK, ns);
	if (!kn)
		return ERR_PTR(-ENOMEM);
	kn->parent = parent;
	kernfs_get(parent);
	kn->symlink.target_kn = target;
	kernfs_get(target);
	ret = kernfs_add_one(kn);
	if (ret) {
		kernfs_put(kn);
		return ERR_PTR(ret);
	}
	return kn;
}

static bool is_ancestor(const struct kernfs_node *anc,
			const struct kernfs_node *kn)
{
	for (; kn; kn = kn->parent)
		if (kn == anc)
			return true;
	return false;
}

/*
 * kernfs_get_target_path - "../" up from @parent to the first ancestor of
 * @target, then down to @target.  Caller holds kernfs_rwsem.
 * Return: the length, -EINVAL, -ENAMETOOLONG.
 */
static int kernfs_get_target_path(struct kernfs_node *parent,
				  struct kernfs_node *target, char *path,
				  size_t size)
{
	struct kernfs_node *base = parent, *kn;
	size_t up = 0, len = 0, pos;

	while (base->parent && !is_ancestor(base, target->parent)) {
		if (up + 3 >= size)
			return -ENAMETOOLONG;
		memcpy(path + up, "../", 3);
		up += 3;
		base = base->parent;
	}
	for (kn = target; kn->parent && kn != base; kn = kn->parent)
		len += strlen(kn->name) + 1;
	if (len < 2)
		return -EINVAL;
	len--;
	if (up + len >= size)
		return -ENAMETOOLONG;
	pos = up + len;
	for (kn = target; kn->parent && kn != base; kn = kn->parent) {
		size_t n = strlen(kn->name);

		pos -= n;
		memcpy(path + pos, kn->name, n);
		if (pos > up)
			path[--pos] = '/';
	}
	return (int)(up + len);
}

int kernfs_vfs_readlink(struct kernfs_inode *inode, char *buf, size_t size)
{
	struct kernfs_node *kn = inode->kn;
	struct kernfs_root *root = kernfs_root_of(kn);
	char path[KERNFS_PATH_MAX];
	int len;

	if (kernfs_type(kn) != KERNFS_LINK)
		return -EINVAL;
	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	len = kernfs_get_target_path(kn->parent, kn->symlink.target_kn, path,
				     sizeof(path));
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	if (len < 0)
		return len;
	if ((size_t)len > size)
		len = (int)size;
	memcpy(buf, path, (size_t)len);
	return len;
}
