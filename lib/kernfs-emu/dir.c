// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dir.c - the node tree: creation, ids, names and hashes, lookup, walk,
 * paths, references, activation and rename (the kernel's fs/kernfs/dir.c).
 */
#include <limits.h>
#include <malloc.h>

#include "kernfs-internal.h"


unsigned int kernfs_name_hash(const char *name, const void *ns)
{
	uint64_t hash = (uint64_t)(uintptr_t)ns;
	const unsigned char *c = (const unsigned char *)name;

	/* the kernel's partial_name_hash() loop, salted with the ns pointer */
	for (; *c; c++)
		hash = (hash + ((uint64_t)*c << 4) + (*c >> 4)) * 11;
	/* end_name_hash(): hash_long(hash, 32) on 64-bit */
	hash = (uint32_t)((hash * 0x61C8864680B583EBULL) >> 32);
	hash &= 0x7fffffffU;
	/* reserve hash numbers 0, 1 and INT_MAX for magic directory entries */
	if (hash < 2)
		hash += 2;
	if (hash >= INT_MAX)
		hash = INT_MAX - 1;
	return (unsigned int)hash;
}

int kernfs_name_compare(unsigned int hash, const char *name, const void *ns,
			const struct kernfs_node *kn)
{
	if (hash < kn->hash)
		return -1;
	if (hash > kn->hash)
		return 1;
	if ((uintptr_t)ns < (uintptr_t)kn->ns)
		return -1;
	if ((uintptr_t)ns > (uintptr_t)kn->ns)
		return 1;
	return strcmp(name, kn->name);
}

bool kernfs_active(const struct kernfs_node *kn)
{
	return atomic_load(&kn->active) >= 0;
}

static void kernfs_count_node(struct kernfs_root *root, struct kernfs_node *kn,
			      int delta)
{
	switch (kernfs_type(kn)) {
	case KERNFS_DIR:
		atomic_fetch_add(&root->nr_dirs, delta);
		break;
	case KERNFS_FILE:
		atomic_fetch_add(&root->nr_files, delta);
		break;
	default:
		atomic_fetch_add(&root->nr_links, delta);
		break;
	}
	if (kn->flags & KERNFS_TMPL_CHILD)
		atomic_fetch_add(&root->nr_tmpl_children, delta);
}

static uint64_t live_id_hash(const void *e)
{
	return kernfs_hash64((uint32_t)((const struct kernfs_node *)e)->id);
}

static bool live_id_match(const void *e, const void *key)
{
	return (uint32_t)((const struct kernfs_node *)e)->id == *(const uint32_t *)key;
}

static const struct kernfs_htab_ops live_id_ops = {
	.hash = live_id_hash,
	.match = live_id_match,
};

/*
 * Once the allocator has wrapped, live ids are tracked so that none is
 * handed out twice (the kernel's IDR does this with its radix tree); the
 * set is built from the tree at the first wrap.  Caller holds
 * kernfs_rwsem (write) and id_lock.
 */
static int kernfs_build_live_ids(struct kernfs_root *root)
{
	struct kernfs_node *pos = NULL;

	root->live_ids = kn_zalloc(root, sizeof(*root->live_ids));
	if (!root->live_ids)
		return -ENOMEM;
	kernfs_htab_init(root->live_ids, &live_id_ops, root, 64);
	while ((pos = kernfs_next_descendant_post(pos, root->kn)))
		if (kernfs_htab_insert(root->live_ids, pos))
			return -ENOMEM;
	return 0;
}

/*
 * kernfs_alloc_id - idr_alloc_cyclic(1, INT_MAX) as kernfs uses it: the
 * next id after the last one, wrapping to the lowest free id, with the
 * generation (high 32 bits) bumped on every wrap.  Caller holds
 * kernfs_rwsem (write) and id_lock.  Return: 0 or -ENOMEM.
 */
static int kernfs_alloc_id(struct kernfs_root *root, struct kernfs_node *kn)
{
	uint32_t low = root->last_id_lowbits;

	for (;;) {
		low = low >= INT_MAX ? 1 : low + 1;
		if (low <= root->last_id_lowbits && !root->live_ids &&
		    kernfs_build_live_ids(root))
			return -ENOMEM;
		if (!root->live_ids ||
		    !kernfs_htab_find(root->live_ids, kernfs_hash64(low), &low))
			break;
	}
	if (low <= root->last_id_lowbits)
		root->id_highbits++;
	root->last_id_lowbits = low;
	kn->id = ((uint64_t)root->id_highbits << 32) | low;
	if (root->live_ids && kernfs_htab_insert(root->live_ids, kn)) {
		kn->id = 0;
		return -ENOMEM;
	}
	return 0;
}

void kernfs_release_id(struct kernfs_root *root, uint64_t id)
{
	uint32_t low = (uint32_t)id;

	pthread_mutex_lock(&root->id_lock);
	if (root->live_ids)
		kernfs_htab_remove(root->live_ids, kernfs_hash64(low), &low);
	pthread_mutex_unlock(&root->id_lock);
}

/* kernfs_assign_id - give @kn its id; caller holds kernfs_rwsem (write). */
static int kernfs_assign_id(struct kernfs_root *root, struct kernfs_node *kn)
{
	int ret;

	pthread_mutex_lock(&root->id_lock);
	ret = kernfs_alloc_id(root, kn);
	pthread_mutex_unlock(&root->id_lock);
	return ret;
}

/* kernfs_init_root_node - create, number and account the root node. */
int kernfs_init_root_node(struct kernfs_root *root)
{
	struct kernfs_node *kn;

	kn = kernfs_new_node(NULL, "", S_IFDIR | 0555, GLOBAL_ROOT_UID,
			     GLOBAL_ROOT_GID, KERNFS_DIR, NULL);
	if (!kn)
		return -ENOMEM;
	atomic_fetch_add(&root->bytes, malloc_usable_size(kn));
	kn->dir.root = root;
	root->kn = kn;
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	kernfs_assign_id(root, kn);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	kernfs_count_node(root, kn, 1);
	return 0;
}

/*
 * The name is stored right after the node when it is created, so a node
 * costs one allocation; rename allocates the new name separately.
 */
struct kernfs_node *kernfs_new_node(struct kernfs_node *parent,
				    const char *name, umode_t mode,
				    kuid_t uid, kgid_t gid, unsigned int flags,
				    const void *ns)
{
	struct kernfs_root *root = parent ? kernfs_root_of(parent) : NULL;
	size_t len = strlen(name) + 1;
	struct kernfs_node *kn;

	kn = root ? kn_zalloc(root, sizeof(*kn) + len) : calloc(1, sizeof(*kn) + len);
	if (!kn)
		return NULL;
	memcpy((char *)(kn + 1), name, len);
	kn->name = (const char *)(kn + 1);
	atomic_init(&kn->count, 1);
	atomic_init(&kn->active, KN_DEACTIVATED_BIAS);
	kn->mode = mode;
	kn->flags = flags;
	kn->ns = ns;
	kn->hash = kernfs_name_hash(name, ns);
	if (uid == KERNFS_INHERIT_UID) {
		uid = GLOBAL_ROOT_UID;
		kn->flags |= KERNFS_UID_INHERIT;
	} else {
		kn->flags |= KERNFS_UID_SET;
	}
	if (gid == KERNFS_INHERIT_GID) {
		gid = GLOBAL_ROOT_GID;
		kn->flags |= KERNFS_GID_INHERIT;
	} else {
		kn->flags |= KERNFS_GID_SET;
	}
	if ((uid != GLOBAL_ROOT_UID || gid != GLOBAL_ROOT_GID) && parent) {
		kn->iattr = kernfs_alloc_iattrs(root);
		if (!kn->iattr) {
			kn_free(root, kn);
			return NULL;
		}
		kn->iattr->ia_uid = uid;
		kn->iattr->ia_gid = gid;
	}
	return kn;
}

void kernfs_link_sibling_locked(struct kernfs_node *kn)
{
	struct kernfs_node *parent = kn->parent;
	struct kernfs_rb_node **link = &parent->dir.children, *p = NULL;

	while (*link) {
		int r = kernfs_name_compare(kn->hash, kn->name, kn->ns,
					    rb_to_kn(*link));
		p = *link;
		link = r < 0 ? &p->rb_left : &p->rb_right;
	}
	kfe_rb_link(&kn->rb, p, link);
	kfe_rb_insert_color(&kn->rb, &parent->dir.children);
	if (kernfs_type(kn) == KERNFS_DIR)
		parent->dir.subdirs++;
	parent->dir.rev++;
}

/* Return: true when @kn was linked and is now unlinked (once per node). */
bool kernfs_unlink_sibling(struct kernfs_node *kn)
{
	struct kernfs_node *parent = kn->parent;

	if (!parent || (kn->flags & KERNFS_UNLINKED))
		return false;
	if (kernfs_type(kn) == KERNFS_DIR)
		parent->dir.subdirs--;
	kfe_rb_erase(&kn->rb, &parent->dir.children);
	kn->flags |= KERNFS_UNLINKED;
	parent->dir.rev++;
	if (parent->dir.tmpl && !(kn->flags & KERNFS_TMPL_CHILD))
		kernfs_tmpl_unlink_explicit(kn);
	return true;
}

static struct kernfs_node *find_locked(struct kernfs_node *parent,
				       const char *name, const void *ns,
				       unsigned int hash)
{
	struct kernfs_rb_node *n = parent->dir.children;

	while (n) {
		struct kernfs_node *kn = rb_to_kn(n);
		int r = kernfs_name_compare(hash, name, ns, kn);

		if (r < 0)
			n = n->rb_left;
		else if (r > 0)
			n = n->rb_right;
		else
			return kn;
	}
	return NULL;
}

/* kernfs_find_ns - caller holds kernfs_rwsem. */
struct kernfs_node *kernfs_find_ns(struct kernfs_node *parent,
				   const char *name, const void *ns)
{
	bool has_ns = kernfs_ns_enabled(parent);

	if (has_ns != (ns != NULL))
		return NULL;
	return find_locked(parent, name, ns, kernfs_name_hash(name, ns));
}

/*
 * kernfs_add_one_get - link @kn (already holding its parent ref) into the
 * tree, activate it unless the root creates nodes deactivated, and, when
 * @get, take a reference for the caller before anyone can remove it.
 * Return: 0, -EINVAL, -ENOENT, -EEXIST, -ENOMEM.
 */
int kernfs_add_one_get(struct kernfs_node *kn, bool get)
{
	struct kernfs_node *parent = kn->parent;
	struct kernfs_root *root = kernfs_root_of(parent);
	bool has_ns, tell = false;
	int ret;

	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	ret = -EINVAL;
	has_ns = kernfs_ns_enabled(parent);
	if (has_ns != (kn->ns != NULL))
		goto out_unlock;
	if (kernfs_type(parent) != KERNFS_DIR)
		goto out_unlock;
	ret = -ENOENT;
	if (parent->flags & (KERNFS_REMOVING | KERNFS_EMPTY_DIR))
		goto out_unlock;
	ret = -EEXIST;
	if (find_locked(parent, kn->name, kn->ns, kn->hash))
		goto out_unlock;
	ret = -ENOMEM;
	if (parent->dir.tmpl && !(kn->flags & KERNFS_TMPL_CHILD) &&
	    kernfs_tmpl_add_explicit(parent, kn))
		goto out_unlock;
	if (kernfs_assign_id(root, kn)) {
		if (parent->dir.tmpl && !(kn->flags & KERNFS_TMPL_CHILD))
			kernfs_tmpl_unlink_explicit_of(parent, kn);
		goto out_unlock;
	}
	kernfs_link_sibling_locked(kn);
	kernfs_touch_parent(parent);
	kernfs_count_node(root, kn, 1);
	/* without CREATE_DEACTIVATED, nodes are visible at once */
	if (!(root->flags & KERNFS_ROOT_CREATE_DEACTIVATED) ||
	    (kn->flags & KERNFS_TMPL_CHILD))
		kernfs_activate_locked(kn);
	if (get)
		kernfs_get(kn);
	/* template children appear on lookup: nothing changed for the VFS */
	tell = !(kn->flags & KERNFS_TMPL_CHILD) && root->watch;
	if (tell)
		kernfs_get(parent);	/* for the watch, after the unlock */
	ret = 0;
out_unlock:
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	if (tell) {
		kernfs_watch_dir_changed(root, parent);
		kernfs_put(parent);
	}
	return ret;
}

int kernfs_add_one(struct kernfs_node *kn)
{
	return kernfs_add_one_get(kn, false);
}

static struct kernfs_node *kernfs_create_node(struct kernfs_node *parent,
					      const char *name, umode_t mode,
					      kuid_t uid, kgid_t gid,
					      unsigned int flags,
					      const void *ns, void *priv)
{
	struct kernfs_node *kn;

	if (!parent || kernfs_type(parent) != KERNFS_DIR)
		return ERR_PTR(-EINVAL);
	kn = kernfs_new_node(parent, name, mode, uid, gid, flags, ns);
	if (!kn)
		return ERR_PTR(-ENOMEM);
	kn->priv = priv;
	kn->parent = parent;
	kernfs_get(parent);
	if (kernfs_type(kn) == KERNFS_DIR)
		kn->dir.root = kernfs_root_of(parent);
	return kn;
}

static struct kernfs_node *kernfs_add_or_free(struct kernfs_node *kn)
{
	int ret = kernfs_add_one(kn);

	if (ret) {
		kernfs_put(kn);
		return ERR_PTR(ret);
	}
	return kn;
}

struct kernfs_node *kernfs_create_dir_ns(struct kernfs_node *parent,
					 const char *name, umode_t mode,
					 kuid_t uid, kgid_t gid, void *priv,
					 const void *ns)
{
	struct kernfs_node *kn;

	kn = kernfs_create_node(parent, name, (mode & 07777) | S_IFDIR, uid,
				gid, KERNFS_DIR, ns, priv);
	if (IS_ERR(kn))
		return kn;
	return kernfs_add_or_free(kn);
}

struct kernfs_node *kernfs_create_empty_dir(struct kernfs_node *parent,
					    const char *name)
{
	struct kernfs_node *kn;

	kn = kernfs_create_node(parent, name, S_IFDIR | 0555, GLOBAL_ROOT_UID,
				GLOBAL_ROOT_GID, KERNFS_DIR | KERNFS_EMPTY_DIR,
				NULL, NULL);
	if (IS_ERR(kn))
		return kn;
	return kernfs_add_or_free(kn);
}

struct kernfs_node *__kernfs_create_file(struct kernfs_node *parent,
					 const char *name, umode_t mode,
					 kuid_t uid, kgid_t gid, loff_t size,
					 const struct kernfs_ops *ops,
					 void *priv, const void *ns, void *key)
{
	struct kernfs_node *kn;
	unsigned int flags = KERNFS_FILE;

	if (ops->seq_show)
		flags |= KERNFS_HAS_SEQ_SHOW;
	if (ops->release)
		flags |= KERNFS_HAS_RELEASE;
	kn = kernfs_create_node(parent, name, (mode & S_IALLUGO) | S_IFREG,
				uid, gid, flags, ns, priv);
	if (IS_ERR(kn))
		return kn;
	kn->attr.ops = ops;
	kn->attr.size = size;
	return kernfs_add_or_free(kn);
}

void kernfs_enable_ns(struct kernfs_node *kn)
{
	kn->flags |= KERNFS_NS;
}

void kernfs_get(struct kernfs_node *kn)
{
	if (kn)
		atomic_fetch_add(&kn->count, 1);
}

void kernfs_free_node(struct kernfs_node *kn)
{
	struct kernfs_root *root = kernfs_root_of(kn);

	if (kernfs_type(kn) == KERNFS_LINK)
		kernfs_put(kn->symlink.target_kn);
	if (kn->name != (const char *)(kn + 1))
		kn_free(root, (char *)kn->name);
	if (kn->iattr)
		kernfs_free_iattrs(root, kn->iattr);
	if (kernfs_type(kn) == KERNFS_DIR && kn->dir.tmpl)
		kernfs_tmpl_free(root, kn->dir.tmpl);
	if (kn->id) {
		kernfs_release_id(root, kn->id);
		kernfs_count_node(root, kn, -1);
	}
	if (kn == root->kn) {
		kn_free(root, kn);
		kernfs_root_free(root);
		return;
	}
	kn_free(root, kn);
}

void kernfs_put(struct kernfs_node *kn)
{
	struct kernfs_node *parent;

	while (kn) {
		if (kn->flags & KERNFS_TMPL_CHILD) {
			if (!kernfs_tmpl_put(kn))
				return;
		} else if (atomic_fetch_sub(&kn->count, 1) != 1) {
			return;
		}
		parent = kn->parent;
		kernfs_free_node(kn);
		kn = parent;
	}
}

struct kernfs_node *kernfs_get_active(struct kernfs_node *kn)
{
	int v;

	if (!kn)
		return NULL;
	v = atomic_load(&kn->active);
	do {
		if (v < 0)
			return NULL;
	} while (!atomic_compare_exchange_weak(&kn->active, &v, v + 1));
	return kn;
}

void kernfs_put_active(struct kernfs_node *kn)
{
	struct kernfs_root *root;
	int v;

	if (!kn)
		return;
	root = kernfs_root_of(kn);
	v = atomic_fetch_sub(&kn->active, 1) - 1;
	if (v != KN_DEACTIVATED_BIAS)
		return;
	pthread_mutex_lock(&root->deactivate_lock);
	pthread_cond_broadcast(&root->deactivate_waitq);
	pthread_mutex_unlock(&root->deactivate_lock);
}

struct kernfs_node *kernfs_find_and_get_ns(struct kernfs_node *parent,
					   const char *name, const void *ns)
{
	struct kernfs_root *root = kernfs_root_of(parent);
	struct kernfs_node *kn;

	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	kn = kernfs_find_ns(parent, name, ns);
	kernfs_get(kn);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return kn;
}

struct kernfs_node *kernfs_walk_and_get_ns(struct kernfs_node *parent,
					   const char *path, const void *ns)
{
	struct kernfs_root *root = kernfs_root_of(parent);
	char *buf, *p, *name, *save = NULL;
	struct kernfs_node *kn = parent;

	if (strlen(path) >= KERNFS_PATH_MAX)
		return NULL;
	buf = strdup(path);
	if (!buf)
		return NULL;
	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	for (p = buf; kn && (name = strtok_r(p, "/", &save)); p = NULL)
		kn = kernfs_type(kn) == KERNFS_DIR ? kernfs_find_ns(kn, name, ns) : NULL;
	kernfs_get(kn);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	free(buf);
	return kn;
}

struct kernfs_node *kernfs_get_parent(struct kernfs_node *kn)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_node *parent;

	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	parent = kn->parent;
	kernfs_get(parent);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return parent;
}

/* kernfs_activate_locked - caller holds kernfs_rwsem (write). */
void kernfs_activate_locked(struct kernfs_node *kn)
{
	struct kernfs_node *pos = NULL;

	while ((pos = kernfs_next_descendant_post(pos, kn))) {
		if (!(pos->flags & (KERNFS_HIDDEN | KERNFS_REMOVING)) &&
		    !kernfs_active(pos))
			atomic_fetch_sub(&pos->active, KN_DEACTIVATED_BIAS);
		pos->flags |= KERNFS_ACTIVATED;
	}
}

void kernfs_activate(struct kernfs_node *kn)
{
	struct kernfs_root *root = kernfs_root_of(kn);

	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	kernfs_activate_locked(kn);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
}

struct kernfs_node *kernfs_leftmost_descendant(struct kernfs_node *pos)
{
	struct kernfs_node *last;

	for (;;) {
		struct kernfs_rb_node *rbn;

		last = pos;
		if (kernfs_type(pos) != KERNFS_DIR)
			break;
		rbn = kfe_rb_first(pos->dir.children);
		if (!rbn)
			break;
		pos = rb_to_kn(rbn);
	}
	return last;
}

/* Post-order walk of the subtree at @root; caller holds kernfs_rwsem. */
struct kernfs_node *kernfs_next_descendant_post(struct kernfs_node *pos,
						struct kernfs_node *root)
{
	struct kernfs_rb_node *rbn;

	if (!pos)
		return kernfs_leftmost_descendant(root);
	if (pos == root)
		return NULL;
	rbn = kfe_rb_next(&pos->rb);
	if (rbn)
		return kernfs_leftmost_descendant(rb_to_kn(rbn));
	return pos->parent;
}

int kernfs_name(struct kernfs_node *kn, char *buf, size_t buflen)
{
	struct kernfs_root *root;
	const char *name;
	int len;

	if (!kn)
		name = "(null)";
	else if (!kn->parent)
		name = "/";
	else
		name = NULL;
	if (name) {
		len = (int)strlen(name);
		if (buflen)
			snprintf(buf, buflen, "%s", name);
		return len;
	}
	root = kernfs_root_of(kn);
	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	len = (int)strlen(kn->name);
	if (buflen)
		snprintf(buf, buflen, "%s", kn->name);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return len;
}

static int kernfs_depth(struct kernfs_node *from, struct kernfs_node *to)
{
	int depth = 0;

	for (; to != from; to = to->parent)
		depth++;
	return depth;
}

static struct kernfs_node *kernfs_common_ancestor(struct kernfs_node *a,
						  struct kernfs_node *b)
{
	for (; a; a = a->parent) {
		struct kernfs_node *p;

		for (p = b; p; p = p->parent)
			if (p == a)
				return a;
	}
	return NULL;
}

/* Append @s at *@len, truncating into @buf; *@len counts the full length. */
static void path_append(char *buf, size_t buflen, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len < buflen) {
		size_t room = buflen - *len - 1;

		memcpy(buf + *len, s, n < room ? n : room);
		buf[*len + (n < room ? n : room)] = '\0';
	}
	*len += n;
}

int kernfs_path_from_node(struct kernfs_node *to, struct kernfs_node *from,
			  char *buf, size_t buflen)
{
	struct kernfs_node *common, *kn;
	struct kernfs_root *root;
	size_t len = 0;
	int depth_to, depth_from, i, j;

	if (!buf)
		return -EINVAL;
	if (!to) {
		path_append(buf, buflen, &len, "(null)");
		return (int)len;
	}
	root = kernfs_root_of(to);
	if (!from)
		from = root->kn;
	if (kernfs_root_of(from) != root)
		return -EINVAL;
	if (buflen)
		buf[0] = '\0';
	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	if (from == to) {
		path_append(buf, buflen, &len, "/");
		goto out;
	}
	common = kernfs_common_ancestor(from, to);
	depth_to = kernfs_depth(common, to);
	depth_from = kernfs_depth(common, from);
	for (i = 0; i < depth_from; i++)
		path_append(buf, buflen, &len, "/..");
	for (i = depth_to - 1; i >= 0; i--) {
		for (kn = to, j = 0; j < i; j++)
			kn = kn->parent;
		path_append(buf, buflen, &len, "/");
		path_append(buf, buflen, &len, kn->name);
	}
out:
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return (int)len;
}

static void kernfs_report_rename(struct kernfs_root *root,
				 struct kernfs_node *kn, uint64_t old_parent,
				 const char *old_name)
{
	const struct kernfs_vfs_watch *w = root->watch;

	if (!w || !w->renamed || !kernfs_inode_find(root, kernfs_ino(kn)))
		return;
	w->renamed(root->watch_data, old_parent, old_name,
		   kernfs_ino(kn->parent), kn->name, kernfs_ino(kn));
}

int kernfs_rename_ns(struct kernfs_node *kn, struct kernfs_node *new_parent,
		     const char *new_name, const void *new_ns)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_node *old_parent;
	char old_name[KERNFS_NAME_MAX + 1];
	char *name = NULL;
	const char *prev = NULL;
	int error;

	if (!kn->parent)
		return -EINVAL;		/* the root */
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	error = -ENOENT;
	if (!kernfs_active(kn) || !kernfs_active(new_parent) ||
	    (new_parent->flags & KERNFS_EMPTY_DIR))
		goto out;
	old_parent = kn->parent;
	error = -EINVAL;
	if ((root->flags & KERNFS_ROOT_INVARIANT_PARENT) && old_parent != new_parent)
		goto out;
	error = 0;
	if (old_parent == new_parent && kn->ns == new_ns &&
	    !strcmp(kn->name, new_name))
		goto out;	/* nothing to rename */
	error = -EEXIST;
	if (kernfs_find_ns(new_parent, new_name, new_ns))
		goto out;
	error = -ENOMEM;
	if (strcmp(kn->name, new_name)) {
		name = kn_strdup(root, new_name);
		if (!name)
			goto out;
	}
	snprintf(old_name, sizeof(old_name), "%s", kn->name);
	kernfs_unlink_sibling(kn);
	kn->flags &= ~KERNFS_UNLINKED;
	kernfs_get(new_parent);
	kn->parent = new_parent;
	kn->ns = new_ns;
	if (name) {
		prev = kn->name;
		kn->name = name;
	}
	kn->hash = kernfs_name_hash(kn->name, kn->ns);
	kernfs_link_sibling_locked(kn);
	if (new_parent->dir.tmpl && !(kn->flags & KERNFS_TMPL_CHILD))
		kernfs_tmpl_add_explicit(new_parent, kn);
	if (prev && prev != (const char *)(kn + 1))
		kn_free(root, (char *)prev);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	kernfs_report_rename(root, kn, kernfs_ino(old_parent), old_name);
	/* both listings changed, whether or not @kn has an inode */
	kernfs_watch_dir_changed(root, old_parent);
	if (new_parent != old_parent)
		kernfs_watch_dir_changed(root, new_parent);
	kernfs_put(old_parent);
	return 0;
out:
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return error;
}
