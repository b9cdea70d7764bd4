// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vfs.c - the VFS face: inodes on demand, lookup/forget, getattr/setattr/
 * permission, the directory syscalls, and the watch that tells the VFS
 * user what changed (the kernel's kernfs_iop_* in inode.c and dir.c).
 */
#include <fcntl.h>

#include "kernfs-internal.h"

static const struct kernfs_caller kernfs_root_caller;
static __thread const struct kernfs_caller *kernfs_cur;

void kernfs_set_current(const struct kernfs_caller *c)
{
	kernfs_cur = c;
}

const struct kernfs_caller *kernfs_current_caller(void)
{
	return kernfs_cur ? kernfs_cur : &kernfs_root_caller;
}

bool kernfs_signal_pending(void)
{
	const struct kernfs_caller *c = kernfs_current_caller();

	return c->signal_pending && c->signal_pending(c);
}

/* ---- watch ---- */

void kernfs_vfs_set_watch(struct kernfs_root *root,
			  const struct kernfs_vfs_watch *watch, void *data)
{
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	root->watch = watch;
	root->watch_data = data;
	pthread_rwlock_unlock(&root->kernfs_rwsem);
}

struct kernfs_inode *kernfs_inode_find(struct kernfs_root *root, uint64_t ino)
{
	struct kernfs_inode *inode;

	pthread_mutex_lock(&root->inode_lock);
	inode = kernfs_htab_find(&root->inodes, kernfs_hash64(ino), &ino);
	pthread_mutex_unlock(&root->inode_lock);
	return inode;
}

/* @kn is being removed; tell the VFS user if it has an inode. */
void kernfs_watch_removed(struct kernfs_root *root, struct kernfs_node *kn)
{
	const struct kernfs_vfs_watch *w = root->watch;
	struct kernfs_inode *inode;

	if (!w || !w->removed || !kn->parent)
		return;
	inode = kernfs_inode_find(root, kernfs_ino(kn));
	if (inode && inode->kn == kn)
		w->removed(root->watch_data, kernfs_ino(kn->parent), kn->name,
			   kernfs_ino(kn));
}

/* Is @kn at or below @top?  Caller holds kernfs_rwsem. */
static bool kernfs_is_below(const struct kernfs_node *kn,
			    const struct kernfs_node *top)
{
	for (; kn; kn = kn->parent)
		if (kn == top)
			return true;
	return false;
}

/* Does @kn take an id from source @src?  Caller holds kernfs_rwsem. */
static bool kernfs_follows(const struct kernfs_node *kn,
			   const struct kernfs_node *src)
{
	const unsigned int set = KERNFS_UID_SET | KERNFS_GID_SET;
	const struct kernfs_node *pos;

	if ((kn->flags & set) == set || kn == src || (kn->flags & KERNFS_TMPL_CHILD))
		return false;
	for (pos = kn->parent; pos; pos = pos->parent) {
		if (!pos->parent)
			return pos == src;	/* reached the root */
		if (!(pos->flags & KERNFS_OWNER_SOURCE))
			continue;
		if (pos == src)
			return true;
		/* an ownerless source falls back to the root's owner */
		return (pos->flags & set) != set && !src->parent;
	}
	return false;
}

/*
 * Tell the watch about every instantiated inode for which @match(kn, top)
 * holds; callbacks run with no lock held.
 */
static void kernfs_watch_each(struct kernfs_root *root, struct kernfs_node *top,
			      bool (*match)(const struct kernfs_node *,
					    const struct kernfs_node *))
{
	const struct kernfs_vfs_watch *w = root->watch;
	struct kernfs_inode *inode;
	uint64_t *inos;
	size_t pos = 0, n = 0, i;

	if (!w || !w->attr_changed)
		return;
	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	pthread_mutex_lock(&root->inode_lock);
	inos = malloc((root->inodes.nr + 1) * sizeof(*inos));
	while (inos && (inode = kernfs_htab_next(&root->inodes, &pos)))
		if (match(inode->kn, top))
			inos[n++] = inode->ino;
	pthread_mutex_unlock(&root->inode_lock);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	for (i = 0; i < n; i++)
		w->attr_changed(root->watch_data, inos[i]);
	free(inos);
}

/* The attributes of @kn changed behind the VFS's back. */
void kernfs_watch_node(struct kernfs_root *root, struct kernfs_node *kn)
{
	const struct kernfs_vfs_watch *w = root->watch;

	if (w && w->attr_changed && kernfs_inode_find(root, kernfs_ino(kn)))
		w->attr_changed(root->watch_data, kernfs_ino(kn));
}

/* The owner of source (or root) @src changed: tell its followers. */
void kernfs_watch_followers(struct kernfs_root *root, struct kernfs_node *src)
{
	kernfs_watch_each(root, src, kernfs_follows);
}

/* Ownership of the whole subtree at @top changed. */
void kernfs_watch_subtree(struct kernfs_root *root, struct kernfs_node *top)
{
	kernfs_watch_each(root, top, kernfs_is_below);
}

/* A child was linked into @dir behind the VFS's back. */
void kernfs_watch_dir_changed(struct kernfs_root *root, struct kernfs_node *dir)
{
	const struct kernfs_vfs_watch *w = root->watch;

	if (w && w->dir_changed && kernfs_inode_find(root, kernfs_ino(dir)))
		w->dir_changed(root->watch_data, kernfs_ino(dir));
}

void kernfs_watch_poll(struct kernfs_root *root, void *handle)
{
	const struct kernfs_vfs_watch *w = root->watch;

	if (w && w->poll_wakeup)
		w->poll_wakeup(root->watch_data, handle);
}

void kernfs_vfs_set_ns(struct kernfs_root *root, const void *ns)
{
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	root->vfs_ns = ns;
	pthread_rwlock_unlock(&root->kernfs_rwsem);
}

/* ---- inodes ---- */

struct kernfs_inode *kernfs_vfs_root(struct kernfs_root *root)
{
	return root->root_inode;
}

struct kernfs_inode *kernfs_vfs_ilookup(struct kernfs_root *root, uint64_t ino)
{
	return kernfs_inode_find(root, ino);
}

uint64_t kernfs_vfs_inode_ino(struct kernfs_inode *inode)
{
	return inode->ino;
}

struct kernfs_node *kernfs_vfs_inode_node(struct kernfs_inode *inode)
{
	return inode->kn;
}

/*
 * kernfs_iget - the inode of @kn, created on first use, with one more
 * lookup.  Consumes the caller's reference on @kn.
 */
static struct kernfs_inode *kernfs_iget(struct kernfs_node *kn)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	uint64_t ino = kernfs_ino(kn);
	struct kernfs_inode *inode;

	pthread_mutex_lock(&root->inode_lock);
	inode = kernfs_htab_find(&root->inodes, kernfs_hash64(ino), &ino);
	if (inode) {
		inode->nlookup++;
		pthread_mutex_unlock(&root->inode_lock);
		kernfs_put(kn);
		return inode;
	}
	inode = kn_zalloc(root, sizeof(*inode));
	if (inode)
		inode->ino = ino;
	if (!inode || kernfs_htab_insert(&root->inodes, inode)) {
		pthread_mutex_unlock(&root->inode_lock);
		kn_free(root, inode);
		kernfs_put(kn);
		return NULL;
	}
	inode->kn = kn;
	inode->nlookup = 1;
	kernfs_now(&inode->mtime);
	inode->ctime = inode->mtime;
	inode->size = -1;
	atomic_fetch_add(&root->nr_inodes, 1);
	pthread_mutex_unlock(&root->inode_lock);
	return inode;
}

uint64_t kernfs_vfs_forget(struct kernfs_inode *inode, uint64_t nlookup)
{
	struct kernfs_node *kn = inode->kn;
	struct kernfs_root *root = kernfs_root_of(kn);

	pthread_mutex_lock(&root->inode_lock);
	if (inode == root->root_inode || inode->nlookup > nlookup) {
		if (inode != root->root_inode)
			inode->nlookup -= nlookup;
		pthread_mutex_unlock(&root->inode_lock);
		return nlookup;
	}
	nlookup = inode->nlookup;
	kernfs_htab_remove(&root->inodes, kernfs_hash64(inode->ino), &inode->ino);
	atomic_fetch_sub(&root->nr_inodes, 1);
	pthread_mutex_unlock(&root->inode_lock);
	kn_free(root, inode);
	kernfs_put(kn);
	return nlookup;
}

uint64_t kernfs_vfs_forget_all(struct kernfs_root *root, uint64_t *nr_inodes)
{
	struct kernfs_inode *inode, **gone;
	uint64_t dropped = 0;
	size_t pos = 0, n = 0, i;

	pthread_mutex_lock(&root->inode_lock);
	gone = malloc((root->inodes.nr + 1) * sizeof(*gone));
	while (gone && (inode = kernfs_htab_next(&root->inodes, &pos)))
		if (inode != root->root_inode)
			gone[n++] = inode;
	for (i = 0; i < n; i++) {
		dropped += gone[i]->nlookup;
		kernfs_htab_remove(&root->inodes, kernfs_hash64(gone[i]->ino),
				   &gone[i]->ino);
		atomic_fetch_sub(&root->nr_inodes, 1);
	}
	pthread_mutex_unlock(&root->inode_lock);
	/* putting nodes may take tree locks: not under inode_lock */
	for (i = 0; i < n; i++) {
		kernfs_put(gone[i]->kn);
		kn_free(root, gone[i]);
	}
	free(gone);
	*nr_inodes = n;
	return dropped;
}

void kernfs_inode_fill_stat(struct kernfs_inode *inode, struct stat *st)
{
	struct kernfs_node *kn = inode->kn;
	struct kernfs_root *root = kernfs_root_of(kn);
	kuid_t uid;
	kgid_t gid;

	memset(st, 0, sizeof(*st));
	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	pthread_rwlock_rdlock(&root->kernfs_iattr_rwsem);
	st->st_ino = kernfs_ino(kn);
	st->st_mode = kn->mode;
	kernfs_effective_owner(kn, &uid, &gid);
	st->st_uid = uid;
	st->st_gid = gid;
	st->st_nlink = 1;
	if (kernfs_type(kn) == KERNFS_DIR && !(kn->flags & KERNFS_TEMPLATE))
		st->st_nlink = kn->dir.subdirs + 2;
	if (kernfs_type(kn) == KERNFS_FILE)
		st->st_size = inode->size >= 0 ? inode->size : kn->attr.size;
	if (kernfs_type(kn) == KERNFS_FILE && (kn->flags & KERNFS_TMPL_CHILD))
		st->st_ino = KERNFS_TEMPLATE_FILE_INO;
	st->st_blksize = KERNFS_PAGE_SIZE;
	if (kn->iattr) {
		st->st_atim = kn->iattr->ia_atime;
		st->st_mtim = kn->iattr->ia_mtime;
		st->st_ctim = kn->iattr->ia_ctime;
	} else {
		st->st_atim = inode->mtime;
		st->st_mtim = inode->mtime;
		st->st_ctim = inode->ctime;
	}
	pthread_rwlock_unlock(&root->kernfs_iattr_rwsem);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
}

int kernfs_vfs_getattr(struct kernfs_inode *inode, struct stat *st,
		       uint32_t *gen)
{
	kernfs_inode_fill_stat(inode, st);
	if (gen)
		*gen = kernfs_gen(inode->kn);
	return 0;
}

int kernfs_vfs_permission(struct kernfs_inode *inode, int mask,
			  const struct kernfs_caller *caller)
{
	return kernfs_generic_permission(inode->kn, mask, caller);
}

/* ---- lookup ---- */

/* Find an active child of @dkn (materialising template children). */
static struct kernfs_node *kernfs_lookup_child(struct kernfs_node *dkn,
					       const char *name)
{
	struct kernfs_root *root = kernfs_root_of(dkn);
	struct kernfs_node *kn;
	const void *ns = kernfs_ns_enabled(dkn) ? root->vfs_ns : NULL;

	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	kn = kernfs_find_ns(dkn, name, ns);
	if (kn && kernfs_active(kn))
		kernfs_get(kn);
	else if (kn)
		kn = ERR_PTR(-ENOENT);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	if (IS_ERR(kn))
		return NULL;
	if (!kn && (dkn->flags & KERNFS_TEMPLATE))
		kn = kernfs_tmpl_lookup(dkn, name);
	return kn;
}

static int check_dir_name(struct kernfs_node *dkn, const char *name)
{
	if (kernfs_type(dkn) != KERNFS_DIR)
		return -ENOTDIR;
	if (strlen(name) > KERNFS_NAME_MAX)
		return -ENAMETOOLONG;
	return 0;
}

int kernfs_vfs_lookup(struct kernfs_inode *dir, const char *name,
		      const struct kernfs_caller *caller,
		      struct kernfs_inode **out, struct stat *st)
{
	struct kernfs_node *dkn = dir->kn, *kn;
	struct kernfs_inode *inode;
	int ret = check_dir_name(dkn, name);

	if (ret)
		return ret;
	ret = kernfs_generic_permission(dkn, KERNFS_MAY_EXEC, caller);
	if (ret)
		return ret;
	kernfs_set_current(caller);
	kn = kernfs_lookup_child(dkn, name);
	if (!kn)
		return -ENOENT;
	inode = kernfs_iget(kn);
	if (!inode)
		return -ENOMEM;
	if (st)
		kernfs_inode_fill_stat(inode, st);
	*out = inode;
	return 0;
}

/* ---- setattr ---- */

static int setattr_prepare(struct kernfs_inode *inode, const struct iattr *a,
			   const struct kernfs_caller *c)
{
	struct kernfs_node *kn = inode->kn;
	bool cap = kernfs_capable(c);
	kuid_t owner = kernfs_node_owner(kn);
	kgid_t group = kernfs_node_group(kn);
	bool is_owner = c->uid == owner;

	if (a->ia_valid & ATTR_SIZE) {
		if (kernfs_type(kn) == KERNFS_DIR)
			return -EISDIR;
		if (kernfs_generic_permission(kn, KERNFS_MAY_WRITE, c))
			return -EACCES;
	}
	if ((a->ia_valid & ATTR_UID) && !cap &&
	    !(is_owner && a->ia_uid == owner))
		return -EPERM;
	if ((a->ia_valid & ATTR_GID) && !cap &&
	    !(is_owner && (a->ia_gid == group || kernfs_in_group(c, a->ia_gid))))
		return -EPERM;
	if ((a->ia_valid & ATTR_MODE) && !cap && !is_owner)
		return -EPERM;
	if ((a->ia_valid & (ATTR_ATIME_SET | ATTR_MTIME_SET)) && !cap && !is_owner)
		return -EPERM;
	if ((a->ia_valid & (ATTR_ATIME | ATTR_MTIME)) && !cap && !is_owner &&
	    kernfs_generic_permission(kn, KERNFS_MAY_WRITE, c))
		return -EACCES;
	return 0;
}

int kernfs_vfs_setattr(struct kernfs_inode *inode, const struct iattr *attr,
		       const struct kernfs_caller *caller, struct stat *st)
{
	struct kernfs_node *kn = inode->kn;
	struct kernfs_root *root = kernfs_root_of(kn);
	struct iattr a = *attr;
	int ret;

	if ((kn->flags & KERNFS_TMPL_CHILD) && !kernfs_active(kn))
		return -ENODEV;		/* eventfs: entry being removed */
	ret = setattr_prepare(inode, &a, caller);
	if (ret)
		return ret;
	/* without CAP_FSETID, chmod by a non-member drops S_ISGID */
	if ((a.ia_valid & ATTR_MODE) && !kernfs_capable(caller) &&
	    !kernfs_in_group(caller, kernfs_node_group(kn)))
		a.ia_mode &= ~S_ISGID;
	if (a.ia_valid & (ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_SIZE |
			  ATTR_ATIME | ATTR_MTIME)) {
		a.ia_valid |= ATTR_CTIME;
		kernfs_now(&a.ia_ctime);
	}
	if ((a.ia_valid & ATTR_ATIME) && !(a.ia_valid & ATTR_ATIME_SET))
		a.ia_atime = a.ia_ctime;
	if ((a.ia_valid & ATTR_MTIME) && !(a.ia_valid & ATTR_MTIME_SET))
		a.ia_mtime = a.ia_ctime;
	ret = kernfs_do_setattr(kn, &a, true);
	if (ret)
		return ret;
	if ((a.ia_valid & ATTR_SIZE) && (root->flags & KERNFS_ROOT_INODE_SIZE) &&
	    kernfs_type(kn) == KERNFS_FILE) {
		inode->size = a.ia_size < 0 ? 0 : a.ia_size;
	}
	if (!kn->iattr) {
		/* no iattrs (mode-only change): the inode keeps the times */
		inode->ctime = a.ia_ctime;
	}
	if (st)
		kernfs_inode_fill_stat(inode, st);
	return 0;
}

/* ---- directory syscalls ---- */

static bool is_dot(const char *name)
{
	return !strcmp(name, ".");
}

static bool is_dotdot(const char *name)
{
	return !strcmp(name, "..");
}

static int may_modify_dir(struct kernfs_node *dkn, const struct kernfs_caller *c)
{
	return kernfs_generic_permission(dkn, KERNFS_MAY_WRITE | KERNFS_MAY_EXEC, c);
}

int kernfs_vfs_mkdir(struct kernfs_inode *dir, const char *name, umode_t mode,
		     const struct kernfs_caller *caller,
		     struct kernfs_inode **out, struct stat *st)
{
	struct kernfs_node *dkn = dir->kn, *kn;
	const struct kernfs_syscall_ops *scops = kernfs_root_of(dkn)->syscall_ops;
	int ret = check_dir_name(dkn, name);

	if (ret)
		return ret;
	if (is_dot(name) || is_dotdot(name))
		return -EEXIST;
	kn = kernfs_lookup_child(dkn, name);
	if (kn) {
		kernfs_put(kn);
		return -EEXIST;
	}
	ret = may_modify_dir(dkn, caller);
	if (ret)
		return ret;
	if (!scops || !scops->mkdir)
		return -EPERM;
	if (!kernfs_get_active(dkn))
		return -ENODEV;
	kernfs_set_current(caller);
	ret = scops->mkdir(dkn, name, mode);
	kernfs_put_active(dkn);
	if (ret)
		return ret;
	return kernfs_vfs_lookup(dir, name, caller, out, st);
}

int kernfs_vfs_rmdir(struct kernfs_inode *dir, const char *name,
		     const struct kernfs_caller *caller)
{
	struct kernfs_node *dkn = dir->kn, *kn;
	const struct kernfs_syscall_ops *scops = kernfs_root_of(dkn)->syscall_ops;
	int ret = check_dir_name(dkn, name);

	if (ret)
		return ret;
	if (is_dot(name))
		return -EINVAL;
	if (is_dotdot(name))
		return -ENOTEMPTY;
	kn = kernfs_lookup_child(dkn, name);
	if (!kn)
		return -ENOENT;
	ret = -ENOTDIR;
	if (kernfs_type(kn) != KERNFS_DIR)
		goto out;
	ret = may_modify_dir(dkn, caller);
	if (ret)
		goto out;
	ret = -EPERM;
	if (!scops || !scops->rmdir)
		goto out;
	ret = -ENODEV;
	if (!kernfs_get_active(kn))
		goto out;
	kernfs_set_current(caller);
	ret = scops->rmdir(kn);
	kernfs_put_active(kn);
out:
	kernfs_put(kn);
	return ret;
}

int kernfs_vfs_rename(struct kernfs_inode *olddir, const char *oldname,
		      struct kernfs_inode *newdir, const char *newname,
		      unsigned int flags, const struct kernfs_caller *caller)
{
	struct kernfs_node *kn, *np = newdir->kn;
	const struct kernfs_syscall_ops *scops;
	int ret;

	if (flags)
		return -EINVAL;
	ret = check_dir_name(olddir->kn, oldname);
	if (!ret)
		ret = check_dir_name(np, newname);
	if (ret)
		return ret;
	kn = kernfs_lookup_child(olddir->kn, oldname);
	if (!kn)
		return -ENOENT;
	ret = may_modify_dir(olddir->kn, caller);
	if (!ret)
		ret = may_modify_dir(np, caller);
	if (ret)
		goto out;
	scops = kernfs_root_of(kn)->syscall_ops;
	ret = -EPERM;
	if (!scops || !scops->rename)
		goto out;
	ret = -ENODEV;
	if (!kernfs_get_active(kn))
		goto out;
	if (!kernfs_get_active(np)) {
		kernfs_put_active(kn);
		goto out;
	}
	kernfs_set_current(caller);
	ret = scops->rename(kn, np, newname);
	kernfs_put_active(np);
	kernfs_put_active(kn);
out:
	kernfs_put(kn);
	return ret;
}

int kernfs_vfs_unlink(struct kernfs_inode *dir, const char *name,
		      const struct kernfs_caller *caller)
{
	struct kernfs_node *kn;
	int ret = check_dir_name(dir->kn, name);

	if (ret)
		return ret;
	kn = kernfs_lookup_child(dir->kn, name);
	if (!kn)
		return -ENOENT;
	ret = may_modify_dir(dir->kn, caller);
	if (!ret)
		ret = kernfs_type(kn) == KERNFS_DIR ? -EISDIR : -EPERM;
	kernfs_put(kn);
	return ret;
}

/* -EEXIST when @name exists in @dir, else 0 (or a name error). */
static int kernfs_vfs_exists(struct kernfs_inode *dir, const char *name)
{
	struct kernfs_node *kn;
	int ret = check_dir_name(dir->kn, name);

	if (ret)
		return ret;
	kn = kernfs_lookup_child(dir->kn, name);
	if (!kn)
		return 0;
	kernfs_put(kn);
	return -EEXIST;
}

int kernfs_vfs_create(struct kernfs_inode *dir, const char *name,
		      const struct kernfs_caller *caller)
{
	int ret = kernfs_vfs_exists(dir, name);

	/* no ->create: may_o_create() passes, then the open fails EACCES */
	return ret ? ret : -EACCES;
}

int kernfs_vfs_mknod(struct kernfs_inode *dir, const char *name,
		     const struct kernfs_caller *caller)
{
	int ret = kernfs_vfs_exists(dir, name);

	if (!ret)
		ret = may_modify_dir(dir->kn, caller);
	return ret ? ret : -EPERM;
}
