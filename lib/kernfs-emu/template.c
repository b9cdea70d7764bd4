// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * template.c - template directories (kernfs-emu extension): children
 * described by a shared static template, materialised on lookup and
 * evicted when unused, with chmod/chown saved across eviction.
 */
#include <dirent.h>
#include <stdio.h>

#include "kernfs-internal.h"

static uint64_t saved_hash(const void *e)
{
	return kernfs_hash_str(((const struct kernfs_saved_attr *)e)->path);
}

static bool saved_match(const void *e, const void *key)
{
	return !strcmp(((const struct kernfs_saved_attr *)e)->path, key);
}

static const struct kernfs_htab_ops saved_ops = {
	.hash = saved_hash,
	.match = saved_match,
};

struct kernfs_tmpl_dir *kernfs_tmpl_alloc(struct kernfs_root *root,
					  const struct kernfs_template *tmpl,
					  kuid_t uid, kgid_t gid)
{
	struct kernfs_tmpl_dir *t = kn_zalloc(root, sizeof(*t));

	if (!t)
		return NULL;
	t->tmpl = tmpl;
	t->uid = uid;
	t->gid = gid;
	return t;
}

void kernfs_tmpl_free(struct kernfs_root *root, struct kernfs_tmpl_dir *t)
{
	struct kernfs_saved_attr *sa;
	size_t pos = 0;

	while (t->saved && (sa = kernfs_htab_next(t->saved, &pos))) {
		kn_free(root, sa);
		atomic_fetch_sub(&root->nr_saved_attrs, 1);
	}
	if (t->saved)
		kernfs_htab_destroy(t->saved);
	kn_free(root, t->saved);
	kn_free(root, t->explicit_children);
	kn_free(root, t);
}

/* The explicitly created template directory @kn belongs to (or is). */
struct kernfs_node *kernfs_tmpl_root(struct kernfs_node *kn)
{
	while (kn && (kn->flags & KERNFS_TMPL_CHILD))
		kn = kn->parent;
	return kn && (kn->flags & KERNFS_TEMPLATE) ? kn : NULL;
}

/* Path of @kn below @root into @buf. Return: length, or -ENAMETOOLONG. */
static int tmpl_relpath(struct kernfs_node *root, struct kernfs_node *kn,
			const char *leaf, char *buf, size_t size)
{
	const char *names[16];
	int n = 0, len = 0;

	if (leaf)
		names[n++] = leaf;
	for (; kn && kn != root && n < 16; kn = kn->parent)
		names[n++] = kn->name;
	buf[0] = '\0';
	while (n--) {
		int r = snprintf(buf + len, size - (size_t)len, "%s%s",
				 len ? "/" : "", names[n]);

		if (r < 0 || (size_t)(len + r) >= size)
			return -ENAMETOOLONG;
		len += r;
	}
	return len;
}

/* ---- explicit children: creation order ---- */

int kernfs_tmpl_add_explicit(struct kernfs_node *parent, struct kernfs_node *kn)
{
	struct kernfs_tmpl_dir *t = parent->dir.tmpl;
	struct kernfs_root *root = kernfs_root_of(parent);

	if (t->nr_explicit == t->alloc_explicit) {
		unsigned int n = t->alloc_explicit ? 2 * t->alloc_explicit : 4;
		struct kernfs_node **v = kn_alloc(root, n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		if (t->nr_explicit)
			memcpy(v, t->explicit_children,
			       t->nr_explicit * sizeof(*v));
		kn_free(root, t->explicit_children);
		t->explicit_children = v;
		t->alloc_explicit = n;
	}
	t->explicit_children[t->nr_explicit++] = kn;
	return 0;
}

void kernfs_tmpl_unlink_explicit(struct kernfs_node *kn)
{
	kernfs_tmpl_unlink_explicit_of(kn->parent, kn);
}

void kernfs_tmpl_unlink_explicit_of(struct kernfs_node *parent,
				    struct kernfs_node *kn)
{
	struct kernfs_tmpl_dir *t = parent->dir.tmpl;

	for (unsigned int i = 0; t && i < t->nr_explicit; i++) {
		if (t->explicit_children[i] != kn)
			continue;
		memmove(t->explicit_children + i, t->explicit_children + i + 1,
			(t->nr_explicit - i - 1) * sizeof(kn));
		t->nr_explicit--;
		return;
	}
}

struct kernfs_node *kernfs_create_template_dir(struct kernfs_node *parent,
					       const char *name, umode_t mode,
					       kuid_t uid, kgid_t gid,
					       const struct kernfs_template *tmpl,
					       void *priv)
{
	struct kernfs_root *root;
	struct kernfs_node *kn;
	int ret;

	if (!parent || kernfs_type(parent) != KERNFS_DIR)
		return ERR_PTR(-EINVAL);
	root = kernfs_root_of(parent);
	kn = kernfs_new_node(parent, name, (mode & 07777) | S_IFDIR, uid, gid,
			     KERNFS_DIR | KERNFS_TEMPLATE, NULL);
	if (!kn)
		return ERR_PTR(-ENOMEM);
	kn->priv = priv;
	kn->parent = parent;
	kernfs_get(parent);
	kn->dir.root = root;
	kn->dir.tmpl = kernfs_tmpl_alloc(root, tmpl, uid, gid);
	if (!kn->dir.tmpl) {
		kernfs_put(kn);
		return ERR_PTR(-ENOMEM);
	}
	ret = kernfs_add_one(kn);
	if (ret) {
		kernfs_put(kn);
		return ERR_PTR(ret);
	}
	return kn;
}

kuid_t kernfs_template_owner(struct kernfs_node *kn, kgid_t *gid)
{
	struct kernfs_node *r = kernfs_tmpl_root(kn);

	if (!r) {
		if (gid)
			*gid = GLOBAL_ROOT_GID;
		return GLOBAL_ROOT_UID;
	}
	if (gid)
		*gid = r->dir.tmpl->gid;
	return r->dir.tmpl->uid;
}

/* ---- materialisation ---- */

/* What the template says about child @name of @dir. */
struct tmpl_child {
	bool is_dir;
	umode_t mode;
	const struct kernfs_ops *ops;
	void *priv;
	const struct kernfs_template *sub;
};

/* Ask the template for @name; @dir holds an active ref. Return: 0/-ENOENT. */
static int tmpl_describe(struct kernfs_node *dir, const char *name,
			 struct tmpl_child *c)
{
	const struct kernfs_template *tmpl = dir->dir.tmpl->tmpl;
	struct kernfs_template_subdir sd = { 0 };

	for (size_t i = 0; i < tmpl->nr_entries; i++) {
		const struct kernfs_template_entry *e = &tmpl->entries[i];

		if (strcmp(e->name, name))
			continue;
		c->is_dir = false;
		c->mode = 0;
		c->ops = NULL;
		c->priv = dir->priv;
		if (e->callback(dir, name, &c->mode, &c->ops, &c->priv) > 0 && c->ops)
			return 0;
		return -ENOENT;
	}
	if (!tmpl->dir_lookup || tmpl->dir_lookup(dir, name, &sd))
		return -ENOENT;
	c->is_dir = true;
	c->mode = sd.mode;
	c->priv = sd.priv;
	c->sub = sd.tmpl;
	return 0;
}

/* Apply the defaults and saved attributes of the new child @kn. */
static int tmpl_apply_attrs(struct kernfs_node *dir, struct kernfs_node *kn)
{
	struct kernfs_node *r = kernfs_tmpl_root(dir);
	struct kernfs_tmpl_dir *rt = r->dir.tmpl;
	struct kernfs_saved_attr *sa = NULL;
	char path[KERNFS_PATH_MAX];
	kuid_t uid = rt->uid;
	kgid_t gid = rt->gid;

	if (rt->saved && rt->saved->nr &&
	    tmpl_relpath(r, dir, kn->name, path, sizeof(path)) >= 0)
		sa = kernfs_htab_find(rt->saved, kernfs_hash_str(path), path);
	if (sa && (sa->flags & KERNFS_SAVE_MODE))
		kn->mode = (kn->mode & S_IFMT) | sa->mode;
	if (sa && (sa->flags & KERNFS_SAVE_UID))
		uid = sa->uid;
	if (sa && (sa->flags & KERNFS_SAVE_GID))
		gid = sa->gid;
	kn->flags |= KERNFS_UID_SET | KERNFS_GID_SET;
	if (uid == GLOBAL_ROOT_UID && gid == GLOBAL_ROOT_GID)
		return 0;
	if (!kernfs_iattrs(kn))
		return -ENOMEM;
	kn->iattr->ia_uid = uid;
	kn->iattr->ia_gid = gid;
	return 0;
}

static struct kernfs_node *tmpl_new_child(struct kernfs_node *dir,
					  const char *name,
					  const struct tmpl_child *c)
{
	struct kernfs_root *root = kernfs_root_of(dir);
	unsigned int flags = KERNFS_TMPL_CHILD;
	struct kernfs_node *kn;
	umode_t mode;

	if (c->is_dir) {
		flags |= KERNFS_DIR | KERNFS_TEMPLATE;
		mode = S_IFDIR | (c->mode & 07777);
	} else {
		flags |= KERNFS_FILE;
		if (c->ops->seq_show)
			flags |= KERNFS_HAS_SEQ_SHOW;
		if (c->ops->release)
			flags |= KERNFS_HAS_RELEASE;
		mode = S_IFREG | (c->mode & S_IALLUGO);
	}
	kn = kernfs_new_node(dir, name, mode, GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
			     flags, NULL);
	if (!kn)
		return NULL;
	kn->parent = dir;
	kernfs_get(dir);
	kn->priv = c->priv;
	if (c->is_dir) {
		struct kernfs_tmpl_dir *pt = dir->dir.tmpl;

		kn->dir.root = root;
		kn->dir.tmpl = kernfs_tmpl_alloc(root, c->sub, pt->uid, pt->gid);
		if (!kn->dir.tmpl)
			goto err;
	} else {
		kn->attr.ops = c->ops;
	}
	if (tmpl_apply_attrs(dir, kn))
		goto err;
	return kn;
err:
	kernfs_put(kn);
	return NULL;
}

static const struct kernfs_template empty_template;

/*
 * kernfs_tmpl_lookup - materialise child @name of template dir @dir.
 * Called with no lock held.  Return: the child with a reference, or NULL.
 */
struct kernfs_node *kernfs_tmpl_lookup(struct kernfs_node *dir,
				       const char *name)
{
	struct kernfs_root *root = kernfs_root_of(dir);
	struct tmpl_child c = { 0 };
	struct kernfs_node *kn;
	int ret;

	if (!kernfs_get_active(dir))
		return NULL;
	ret = tmpl_describe(dir, name, &c);
	kernfs_put_active(dir);
	if (ret)
		return NULL;
	if (c.is_dir && !c.sub)
		c.sub = &empty_template;
	kn = tmpl_new_child(dir, name, &c);
	if (!kn)
		return NULL;
	ret = kernfs_add_one_get(kn, true);	/* the caller's reference */
	if (!ret)
		return kn;
	kernfs_put(kn);
	if (ret != -EEXIST)
		return NULL;
	/* materialised concurrently: use that one */
	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	kn = kernfs_find_ns(dir, name, NULL);
	if (kn && kernfs_active(kn))
		kernfs_get(kn);
	else
		kn = NULL;
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return kn;
}

/*
 * kernfs_tmpl_put - drop a reference on template child @kn, evicting it
 * when only the parent link is left.  The last two references are dropped
 * under kernfs_rwsem (write), so no lookup can take a new one meanwhile.
 * Must not be called with kernfs_rwsem held unless @kn is being removed.
 * Return: true when the count reached zero and @kn must be freed.
 */
bool kernfs_tmpl_put(struct kernfs_node *kn)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	int v = atomic_load(&kn->count);
	bool evict;
	int left;

	while (v > 2)
		if (atomic_compare_exchange_weak(&kn->count, &v, v - 1))
			return false;
	/*
	 * Being removed or already unlinked: plain counting, no eviction.
	 * This is also what keeps __kernfs_remove(), which puts children
	 * (and so their parents) with kernfs_rwsem held, from taking it again.
	 */
	if (kn->flags & (KERNFS_UNLINKED | KERNFS_REMOVING))
		return atomic_fetch_sub(&kn->count, 1) == 1;
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	left = atomic_fetch_sub(&kn->count, 1) - 1;
	evict = left == 1 && !(kn->flags & (KERNFS_UNLINKED | KERNFS_REMOVING));
	if (evict) {
		kn->flags |= KERNFS_REMOVING;
		if (kernfs_active(kn))
			atomic_fetch_add(&kn->active, KN_DEACTIVATED_BIAS);
		kernfs_unlink_sibling(kn);
		left = atomic_fetch_sub(&kn->count, 1) - 1;	/* the tree's */
	}
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return left == 0;
}

/* ---- saved attributes ---- */

static struct kernfs_saved_attr *saved_get(struct kernfs_root *root,
					   struct kernfs_tmpl_dir *rt,
					   const char *path)
{
	struct kernfs_saved_attr *sa;

	if (!rt->saved) {
		rt->saved = kn_zalloc(root, sizeof(*rt->saved));
		if (!rt->saved)
			return NULL;
		kernfs_htab_init(rt->saved, &saved_ops, root, 8);
	}
	sa = kernfs_htab_find(rt->saved, kernfs_hash_str(path), path);
	if (sa)
		return sa;
	sa = kn_zalloc(root, sizeof(*sa) + strlen(path) + 1);
	if (!sa)
		return NULL;
	strcpy(sa->path, path);
	if (kernfs_htab_insert(rt->saved, sa)) {
		kn_free(root, sa);
		return NULL;
	}
	atomic_fetch_add(&root->nr_saved_attrs, 1);
	return sa;
}

/*
 * kernfs_tmpl_save_attr - remember mode/uid/gid of template child @kn in
 * its template root, so that they survive eviction.  Return: 0, -ENOMEM.
 */
int kernfs_tmpl_save_attr(struct kernfs_node *kn, const struct iattr *attr)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_saved_attr *sa;
	struct kernfs_node *r;
	char path[KERNFS_PATH_MAX];
	int ret = 0;

	if (!(attr->ia_valid & (ATTR_MODE | ATTR_UID | ATTR_GID)))
		return 0;
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	r = kernfs_tmpl_root(kn);
	if (!r || tmpl_relpath(r, kn, NULL, path, sizeof(path)) < 0) {
		ret = -ENOMEM;
		goto out;
	}
	sa = saved_get(root, r->dir.tmpl, path);
	if (!sa) {
		ret = -ENOMEM;
		goto out;
	}
	if (attr->ia_valid & ATTR_MODE) {
		sa->mode = attr->ia_mode & 07777;
		sa->flags |= KERNFS_SAVE_MODE;
	}
	if (attr->ia_valid & ATTR_UID) {
		sa->uid = attr->ia_uid;
		sa->flags |= KERNFS_SAVE_UID;
	}
	if (attr->ia_valid & ATTR_GID) {
		sa->gid = attr->ia_gid;
		sa->flags |= KERNFS_SAVE_GID;
	}
out:
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return ret;
}

static bool path_under(const char *path, const char *prefix, size_t len)
{
	return !strncmp(path, prefix, len) && (!path[len] || path[len] == '/');
}

/* Forget saved attrs at and below @prefix; caller holds kernfs_rwsem. */
static void saved_forget(struct kernfs_root *root, struct kernfs_tmpl_dir *rt,
			 const char *prefix)
{
	size_t len = strlen(prefix), pos = 0;
	struct kernfs_saved_attr *sa;

	while ((sa = kernfs_htab_next(rt->saved, &pos))) {
		if (!path_under(sa->path, prefix, len))
			continue;
		kernfs_htab_remove(rt->saved, kernfs_hash_str(sa->path), sa->path);
		kn_free(root, sa);
		atomic_fetch_sub(&root->nr_saved_attrs, 1);
		if (!rt->saved->size)
			break;		/* the table was freed with its last entry */
		pos = 0;
	}
}

/*
 * The materialised node at @relpath below template dir @dir, with a
 * reference, or NULL; in @parent (with a reference, or NULL) the one at
 * @relpath without its last component.  "" is @dir itself.  Caller holds
 * kernfs_rwsem.
 */
static struct kernfs_node *tmpl_walk(struct kernfs_node *dir,
				     const char *relpath,
				     struct kernfs_node **parent)
{
	char buf[KERNFS_PATH_MAX], *name, *save = NULL;
	struct kernfs_node *kn = dir, *up = NULL;

	snprintf(buf, sizeof(buf), "%s", relpath);
	for (name = strtok_r(buf, "/", &save); name;
	     name = strtok_r(NULL, "/", &save)) {
		if (!kn) {
			up = NULL;	/* not even the parent is there */
			break;
		}
		up = kn;
		kn = kernfs_type(kn) == KERNFS_DIR ?
		     kernfs_find_ns(kn, name, NULL) : NULL;
	}
	if (parent) {
		*parent = up;
		kernfs_get(up);
	}
	kernfs_get(kn);
	return kn;
}

void kernfs_template_invalidate(struct kernfs_node *dir, const char *relpath)
{
	struct kernfs_root *root = kernfs_root_of(dir);
	struct kernfs_node *kn, *parent;

	if (!(dir->flags & KERNFS_TEMPLATE) || !*relpath ||
	    strlen(relpath) >= KERNFS_PATH_MAX)
		return;
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	if (dir->dir.tmpl->saved && dir->dir.tmpl->saved->nr)
		saved_forget(root, dir->dir.tmpl, relpath);
	kn = tmpl_walk(dir, relpath, &parent);
	if (kn && kn != dir && (kn->flags & KERNFS_TMPL_CHILD)) {
		/* reports the parent's listing change itself */
		__kernfs_remove(kn);
		kernfs_put(parent);
		parent = NULL;
	}
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	kernfs_put(kn);
	/* a child never materialised may still be in a cached listing */
	if (parent)
		kernfs_watch_dir_changed(root, parent);
	kernfs_put(parent);
}

void kernfs_template_changed(struct kernfs_node *dir, const char *relpath)
{
	struct kernfs_root *root = kernfs_root_of(dir);
	struct kernfs_node *kn;

	if (!(dir->flags & KERNFS_TEMPLATE) || strlen(relpath) >= KERNFS_PATH_MAX)
		return;
	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	kn = tmpl_walk(dir, relpath, NULL);
	if (kn && kernfs_type(kn) != KERNFS_DIR) {
		kernfs_put(kn);
		kn = NULL;
	}
	if (kn)
		kernfs_touch_parent(kn);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	if (kn)
		kernfs_watch_dir_changed(root, kn);
	kernfs_put(kn);
}

/*
 * kernfs_tmpl_clear_owner - remount semantics for template dir @kn: the
 * default owner takes the ids @ia names and saved owners of those ids are
 * forgotten (saved modes stay).  Caller holds kernfs_rwsem and
 * kernfs_iattr_rwsem (write).
 */
void kernfs_tmpl_clear_owner(struct kernfs_node *kn, const struct iattr *ia)
{
	unsigned int drop = ((ia->ia_valid & ATTR_UID) ? KERNFS_SAVE_UID : 0) |
			    ((ia->ia_valid & ATTR_GID) ? KERNFS_SAVE_GID : 0);
	struct kernfs_tmpl_dir *t = kn->dir.tmpl;
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_saved_attr *sa;
	size_t pos = 0;

	if (ia->ia_valid & ATTR_UID)
		t->uid = ia->ia_uid;
	if (ia->ia_valid & ATTR_GID)
		t->gid = ia->ia_gid;
	while (t->saved && (sa = kernfs_htab_next(t->saved, &pos))) {
		sa->flags &= ~drop;
		if (sa->flags)
			continue;
		kernfs_htab_remove(t->saved, kernfs_hash_str(sa->path), sa->path);
		kn_free(root, sa);
		atomic_fetch_sub(&root->nr_saved_attrs, 1);
		if (!t->saved->size)
			break;
		pos = 0;
	}
}

/* ---- readdir: index positions, as eventfs ---- */

/*
 * Emit one described subdirectory; it is materialised briefly for its
 * inode number (files need not be: they all report
 * KERNFS_TEMPLATE_FILE_INO).
 */
static int tmpl_emit(struct kernfs_node *dir, const char *name,
		     unsigned int type, loff_t next,
		     kernfs_filldir_t filldir, void *ctx)
{
	struct kernfs_node *kn = kernfs_tmpl_lookup(dir, name);
	char copy[KERNFS_NAME_MAX + 1];
	uint64_t ino;
	int full;

	if (!kn)
		return 0;	/* vanished or hidden meanwhile */
	ino = kernfs_ino(kn);
	snprintf(copy, sizeof(copy), "%s", name);
	kernfs_put(kn);
	full = filldir(ctx, copy, strlen(copy), ino, type, next);
	return full;
}

/* Is entry @e shown in @dir?  Calls the callback with an active ref. */
static bool entry_shown(struct kernfs_node *dir,
			const struct kernfs_template_entry *e)
{
	const struct kernfs_ops *ops = NULL;
	void *priv = dir->priv;
	umode_t mode = 0;
	int r;

	if (!kernfs_get_active(dir))
		return false;
	r = e->callback(dir, e->name, &mode, &ops, &priv);
	kernfs_put_active(dir);
	return r > 0 && ops;
}

static int tmpl_emit_explicit(struct kernfs_node *dir, unsigned int i,
			      loff_t next, kernfs_filldir_t filldir, void *ctx)
{
	struct kernfs_root *root = kernfs_root_of(dir);
	struct kernfs_tmpl_dir *t = dir->dir.tmpl;
	char name[KERNFS_NAME_MAX + 1];
	struct kernfs_node *kn;
	unsigned int type;
	uint64_t ino;

	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	if (i >= t->nr_explicit) {
		pthread_rwlock_unlock(&root->kernfs_rwsem);
		return -ENOENT;
	}
	kn = t->explicit_children[i];
	if (!kernfs_active(kn)) {
		pthread_rwlock_unlock(&root->kernfs_rwsem);
		return 0;
	}
	snprintf(name, sizeof(name), "%s", kn->name);
	ino = kernfs_ino(kn);
	type = (kn->mode >> 12) & 15;
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return filldir(ctx, name, strlen(name), ino, type, next);
}

/* Emit the virtual subdir @idx. Return: 0, 1 (full), -ENOENT (past end). */
static int tmpl_emit_virtual(struct kernfs_node *dir, size_t idx, loff_t next,
			     kernfs_filldir_t filldir, void *ctx)
{
	const struct kernfs_template *tmpl = dir->dir.tmpl->tmpl;
	struct kernfs_template_subdir sd = { 0 };
	char name[KERNFS_NAME_MAX + 1];
	int r;

	if (!tmpl->dir_iter || !kernfs_get_active(dir))
		return -ENOENT;
	r = tmpl->dir_iter(dir, idx, &sd);
	if (!r)
		snprintf(name, sizeof(name), "%s", sd.name);
	kernfs_put_active(dir);
	if (r)
		return -ENOENT;
	return tmpl_emit(dir, name, DT_DIR, next, filldir, ctx);
}

/*
 * The number of enumerated subdirectories, given that index @past is past
 * the end: a binary search for the first index dir_iter() rejects.
 */
static size_t tmpl_nr_virtual(struct kernfs_node *dir, size_t past)
{
	const struct kernfs_template *tmpl = dir->dir.tmpl->tmpl;
	struct kernfs_template_subdir sd;
	size_t lo = 0, hi = past;

	if (!tmpl->dir_iter || !kernfs_get_active(dir))
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tmpl->dir_iter(dir, mid, &sd))
			hi = mid;
		else
			lo = mid + 1;
	}
	kernfs_put_active(dir);
	return lo;
}

int kernfs_tmpl_readdir(struct kernfs_vfs_dir *vd, loff_t pos,
			kernfs_filldir_t filldir, void *ctx)
{
	struct kernfs_node *dir = vd->kn;
	const struct kernfs_template *tmpl = dir->dir.tmpl->tmpl;
	size_t nr = tmpl->nr_entries;

	if (pos < 2 && kernfs_emit_dots(vd, &pos, 2, filldir, ctx))
		return 0;
	if (!kernfs_active(dir))
		return -EINVAL;	/* eventfs: a freed directory, after the dots */
	for (;; pos++) {
		size_t idx = (size_t)pos - 2;
		int r;

		if (idx < nr) {
			const struct kernfs_template_entry *e = &tmpl->entries[idx];

			if (!entry_shown(dir, e))
				continue;
			r = filldir(ctx, e->name, strlen(e->name),
				    KERNFS_TEMPLATE_FILE_INO, DT_REG, pos + 1);
		} else {
			r = tmpl_emit_virtual(dir, idx - nr, pos + 1, filldir, ctx);
			if (r == -ENOENT) {
				size_t nv = tmpl_nr_virtual(dir, idx - nr);

				r = tmpl_emit_explicit(dir, (unsigned int)(idx - nr - nv),
						       pos + 1, filldir, ctx);
			}
		}
		if (r)
			return 0;	/* buffer full, or past the end */
	}
}
