// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * inode.c - attributes: lazily allocated iattrs, setattr, ownership (with
 * the dynamic inheritance extension) and permission checks (the kernel's
 * fs/kernfs/inode.c).
 */
#include "kernfs-internal.h"

/*
 * kernfs_iattrs - the node's iattrs, allocated on first use with uid/gid
 * root and all three times "now".  Caller holds kernfs_iattr_rwsem
 * (write) or owns @kn exclusively.  Return: the iattrs, or NULL (ENOMEM).
 */
struct kernfs_iattrs *kernfs_iattrs(struct kernfs_node *kn)
{
	if (!kn->iattr)
		kn->iattr = kernfs_alloc_iattrs(kernfs_root_of(kn));
	return kn->iattr;
}

/* kernfs_alloc_iattrs - fresh iattrs: root-owned, all times "now". */
struct kernfs_iattrs *kernfs_alloc_iattrs(struct kernfs_root *root)
{
	struct kernfs_iattrs *ia = kn_zalloc(root, sizeof(*ia));

	if (!ia)
		return NULL;
	kernfs_now(&ia->ia_atime);
	ia->ia_mtime = ia->ia_ctime = ia->ia_atime;
	atomic_fetch_add(&root->nr_iattrs, 1);
	return ia;
}

void kernfs_free_iattrs(struct kernfs_root *root, struct kernfs_iattrs *ia)
{
	struct kernfs_xattr *x, *next;

	for (x = ia->xattrs; x; x = next) {
		next = x->next;
		kn_free(root, x->value);
		kn_free(root, x);
	}
	kn_free(root, ia);
	atomic_fetch_sub(&root->nr_iattrs, 1);
}

/*
 * kernfs_touch_parent - a child was added or removed: the parent's ctime
 * and mtime follow, but only when the parent already has iattrs.
 */
void kernfs_touch_parent(struct kernfs_node *parent)
{
	struct kernfs_root *root = kernfs_root_of(parent);

	pthread_rwlock_wrlock(&root->kernfs_iattr_rwsem);
	if (parent->iattr) {
		kernfs_now(&parent->iattr->ia_mtime);
		parent->iattr->ia_ctime = parent->iattr->ia_mtime;
	}
	pthread_rwlock_unlock(&root->kernfs_iattr_rwsem);
}

static int __kernfs_setattr(struct kernfs_node *kn, const struct iattr *iattr)
{
	unsigned int valid = iattr->ia_valid;
	struct kernfs_iattrs *attrs;

	if (valid & ATTR_MODE)
		kn->mode = (kn->mode & S_IFMT) | (iattr->ia_mode & 07777);
	if (!(valid & (ATTR_UID | ATTR_GID | ATTR_ATIME | ATTR_MTIME | ATTR_CTIME)))
		return 0;
	attrs = kernfs_iattrs(kn);
	if (!attrs)
		return -ENOMEM;
	if (valid & ATTR_UID) {
		attrs->ia_uid = iattr->ia_uid;
		kn->flags |= KERNFS_UID_SET;
	}
	if (valid & ATTR_GID) {
		attrs->ia_gid = iattr->ia_gid;
		kn->flags |= KERNFS_GID_SET;
	}
	if (valid & ATTR_ATIME)
		attrs->ia_atime = iattr->ia_atime;
	if (valid & ATTR_MTIME)
		attrs->ia_mtime = iattr->ia_mtime;
	if (valid & ATTR_CTIME)
		attrs->ia_ctime = iattr->ia_ctime;
	return 0;
}

/* Ownership changes of a source are seen by the VFS only if told. */
static bool kernfs_owner_affects_others(struct kernfs_node *kn,
					const struct iattr *iattr)
{
	return (iattr->ia_valid & (ATTR_UID | ATTR_GID)) &&
	       ((kn->flags & KERNFS_OWNER_SOURCE) || !kn->parent);
}

/*
 * kernfs_do_setattr - kernfs_setattr(); @from_vfs: the VFS user asked for
 * it and knows, so only nodes that follow an ownership source are
 * reported to the watch, not @kn itself.
 */
int kernfs_do_setattr(struct kernfs_node *kn, const struct iattr *iattr,
		      bool from_vfs)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	int ret;

	if (kn->flags & KERNFS_TMPL_CHILD) {
		ret = kernfs_tmpl_save_attr(kn, iattr);
		if (ret)
			return ret;
	}
	pthread_rwlock_wrlock(&root->kernfs_iattr_rwsem);
	ret = __kernfs_setattr(kn, iattr);
	pthread_rwlock_unlock(&root->kernfs_iattr_rwsem);
	if (ret)
		return ret;
	if (!from_vfs)
		kernfs_watch_node(root, kn);
	if (kernfs_owner_affects_others(kn, iattr))
		kernfs_watch_followers(root, kn);
	return 0;
}

int kernfs_setattr(struct kernfs_node *kn, const struct iattr *iattr)
{
	return kernfs_do_setattr(kn, iattr, false);
}

/* The node's own ids, or root's when it has no iattrs. */
static void own_ids(const struct kernfs_node *kn, kuid_t *uid, kgid_t *gid)
{
	*uid = kn->iattr ? kn->iattr->ia_uid : GLOBAL_ROOT_UID;
	*gid = kn->iattr ? kn->iattr->ia_gid : GLOBAL_ROOT_GID;
}

/*
 * kernfs_effective_owner - the ids @kn reports.  A node with its own uid
 * (gid) reports it; otherwise (kernfs-emu extension) the nearest ancestor
 * ownership source's own id, else the root node's.  Template children
 * always have their own ids.  Caller holds kernfs_rwsem (read) and
 * kernfs_iattr_rwsem (read).
 */
void kernfs_effective_owner(struct kernfs_node *kn, kuid_t *uid, kgid_t *gid)
{
	const unsigned int set = KERNFS_UID_SET | KERNFS_GID_SET;
	struct kernfs_node *pos, *src = NULL;
	kuid_t u;
	kgid_t g;

	own_ids(kn, uid, gid);
	if ((kn->flags & set) == set || !kn->parent)
		return;
	for (pos = kn->parent; pos->parent; pos = pos->parent)
		if (pos->flags & KERNFS_OWNER_SOURCE)
			break;
	src = pos;
	own_ids(src, &u, &g);
	if (!(kn->flags & KERNFS_UID_SET))
		*uid = (src->flags & KERNFS_UID_SET) || !src->parent ? u :
		       kernfs_node_owner(kernfs_root_of(kn)->kn);
	if (!(kn->flags & KERNFS_GID_SET))
		*gid = (src->flags & KERNFS_GID_SET) || !src->parent ? g :
		       kernfs_node_group(kernfs_root_of(kn)->kn);
}

kuid_t kernfs_node_owner(struct kernfs_node *kn)
{
	kuid_t uid;
	kgid_t gid;

	if (!kn)
		return GLOBAL_ROOT_UID;
	if (!kn->parent) {
		own_ids(kn, &uid, &gid);
		return uid;
	}
	kernfs_effective_owner(kn, &uid, &gid);
	return uid;
}

kgid_t kernfs_node_group(struct kernfs_node *kn)
{
	kuid_t uid;
	kgid_t gid;

	if (!kn)
		return GLOBAL_ROOT_GID;
	if (!kn->parent) {
		own_ids(kn, &uid, &gid);
		return gid;
	}
	kernfs_effective_owner(kn, &uid, &gid);
	return gid;
}

void kernfs_set_owner_source(struct kernfs_node *kn, bool on)
{
	struct kernfs_root *root = kernfs_root_of(kn);

	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	if (on)
		kn->flags |= KERNFS_OWNER_SOURCE;
	else
		kn->flags &= ~KERNFS_OWNER_SOURCE;
	pthread_rwlock_unlock(&root->kernfs_rwsem);
}

/* Give @kn the ids of @ia that ia_valid names (ATTR_UID, ATTR_GID) as its own. */
static void set_own_ids(struct kernfs_node *kn, const struct iattr *ia)
{
	if (ia->ia_valid & ATTR_UID)
		kn->flags |= KERNFS_UID_SET;
	if (ia->ia_valid & ATTR_GID)
		kn->flags |= KERNFS_GID_SET;
	if (!kn->iattr && (!(ia->ia_valid & ATTR_UID) || ia->ia_uid == GLOBAL_ROOT_UID) &&
	    (!(ia->ia_valid & ATTR_GID) || ia->ia_gid == GLOBAL_ROOT_GID))
		return;		/* root-owned without iattrs already */
	if (!kernfs_iattrs(kn))
		return;
	if (ia->ia_valid & ATTR_UID)
		kn->iattr->ia_uid = ia->ia_uid;
	if (ia->ia_valid & ATTR_GID)
		kn->iattr->ia_gid = ia->ia_gid;
}

/* Forget @kn's own ids named in @valid, if it was created to inherit them. */
static void forget_own_ids(struct kernfs_node *kn, unsigned int valid)
{
	if ((valid & ATTR_UID) && (kn->flags & KERNFS_UID_INHERIT))
		kn->flags &= ~KERNFS_UID_SET;
	if ((valid & ATTR_GID) && (kn->flags & KERNFS_GID_INHERIT))
		kn->flags &= ~KERNFS_GID_SET;
}

void kernfs_clear_owner_attr(struct kernfs_node *kn, const struct iattr *ia)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_node *pos = NULL;

	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	pthread_rwlock_wrlock(&root->kernfs_iattr_rwsem);
	while ((pos = kernfs_next_descendant_post(pos, kn)) && pos != kn) {
		if (kernfs_type(pos) == KERNFS_DIR && pos->dir.tmpl)
			kernfs_tmpl_clear_owner(pos, ia);
		if (pos->flags & (KERNFS_TMPL_CHILD | KERNFS_TEMPLATE))
			/* eventfs: entries and template roots own their ids */
			set_own_ids(pos, ia);
		else
			forget_own_ids(pos, ia->ia_valid);
	}
	set_own_ids(kn, ia);
	pthread_rwlock_unlock(&root->kernfs_iattr_rwsem);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	kernfs_watch_subtree(root, kn);
}

void kernfs_clear_owner(struct kernfs_node *kn, kuid_t uid, kgid_t gid)
{
	struct iattr ia = { .ia_valid = ATTR_UID | ATTR_GID, .ia_uid = uid,
			    .ia_gid = gid };

	kernfs_clear_owner_attr(kn, &ia);
}

bool kernfs_in_group(const struct kernfs_caller *c, gid_t gid)
{
	if (c->gid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups && c->groups[i] == gid)
			return true;
	return false;
}

/*
 * kernfs_generic_permission - generic_permission() on @kn's attributes.
 * Root may read and write anything, and execute what has any x bit (and
 * search any directory).  Caller holds no lock.  Return: 0 or -EACCES.
 */
int kernfs_generic_permission(struct kernfs_node *kn, int mask,
			      const struct kernfs_caller *c)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	umode_t mode;
	kuid_t uid;
	kgid_t gid;

	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	pthread_rwlock_rdlock(&root->kernfs_iattr_rwsem);
	mode = kn->mode;
	kernfs_effective_owner(kn, &uid, &gid);
	pthread_rwlock_unlock(&root->kernfs_iattr_rwsem);
	pthread_rwlock_unlock(&root->kernfs_rwsem);

	mask &= KERNFS_MAY_READ | KERNFS_MAY_WRITE | KERNFS_MAY_EXEC;
	if (kernfs_capable(c)) {
		if (!(mask & KERNFS_MAY_EXEC) || S_ISDIR(mode) || (mode & 0111))
			return 0;
		return -EACCES;
	}
	if (c->uid == uid)
		mode >>= 6;
	else if (kernfs_in_group(c, gid))
		mode >>= 3;
	return (mask & ~mode & 7) ? -EACCES : 0;
}
