// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mount.c - roots and their memory accounting.
 */
#include <malloc.h>

#include "kernfs-internal.h"

/*
 * Every heap block kernfs-emu holds for a root is allocated here and
 * charged with malloc's usable size, so kernfs_root_stats() is exact.
 */
void *kn_alloc(struct kernfs_root *root, size_t size)
{
	void *p = malloc(size);

	if (p && root)
		atomic_fetch_add(&root->bytes, malloc_usable_size(p));
	return p;
}

void *kn_zalloc(struct kernfs_root *root, size_t size)
{
	void *p = kn_alloc(root, size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kn_free(struct kernfs_root *root, void *p)
{
	if (!p)
		return;
	if (root)
		atomic_fetch_sub(&root->bytes, malloc_usable_size(p));
	free(p);
}

char *kn_strdup(struct kernfs_root *root, const char *s)
{
	size_t len = strlen(s) + 1;
	char *p = kn_alloc(root, len);

	if (p)
		memcpy(p, s, len);
	return p;
}

static uint64_t inode_hash(const void *e)
{
	return kernfs_hash64(((const struct kernfs_inode *)e)->ino);
}

static bool inode_match(const void *e, const void *key)
{
	return ((const struct kernfs_inode *)e)->ino == *(const uint64_t *)key;
}

static const struct kernfs_htab_ops inode_htab_ops = {
	.hash = inode_hash,
	.match = inode_match,
};

static struct kernfs_inode *root_inode_new(struct kernfs_root *root)
{
	struct kernfs_inode *inode = kn_zalloc(root, sizeof(*inode));

	if (!inode)
		return NULL;
	inode->ino = kernfs_ino(root->kn);
	inode->kn = root->kn;
	kernfs_get(root->kn);
	inode->nlookup = 1;
	kernfs_now(&inode->mtime);
	inode->ctime = inode->mtime;
	inode->size = -1;
	if (kernfs_htab_insert(&root->inodes, inode)) {
		kernfs_put(root->kn);
		kn_free(root, inode);
		return NULL;
	}
	atomic_fetch_add(&root->nr_inodes, 1);
	return inode;
}

struct kernfs_root *kernfs_create_root(const struct kernfs_syscall_ops *scops,
				       unsigned int flags, void *priv)
{
	struct kernfs_root *root = calloc(1, sizeof(*root));
	struct kernfs_node *kn;

	if (!root)
		return ERR_PTR(-ENOMEM);
	atomic_fetch_add(&root->bytes, malloc_usable_size(root));
	root->flags = flags;
	root->priv = priv;
	root->syscall_ops = scops;
	pthread_rwlock_init(&root->kernfs_rwsem, NULL);
	pthread_rwlock_init(&root->kernfs_iattr_rwsem, NULL);
	pthread_mutex_init(&root->deactivate_lock, NULL);
	pthread_cond_init(&root->deactivate_waitq, NULL);
	pthread_mutex_init(&root->inode_lock, NULL);
	kernfs_htab_init(&root->inodes, &inode_htab_ops, root, 64);
	root->id_highbits = 1;	/* generation 1, as a 64-bit kernel reports */

	pthread_mutex_init(&root->id_lock, NULL);
	if (kernfs_init_root_node(root))
		goto err;
	kn = root->kn;
	/* the root node is its own "parent link": its base ref is the root's */
	if (!(flags & KERNFS_ROOT_CREATE_DEACTIVATED))
		kernfs_activate(kn);
	root->root_inode = root_inode_new(root);
	if (!root->root_inode)
		goto err_kn;
	return root;

err_kn:
	kernfs_put(kn);
	return ERR_PTR(-ENOMEM);
err:
	free(root);
	return ERR_PTR(-ENOMEM);
}

/*
 * The root node's memory and the root itself go with the last reference
 * (kernfs_free_node() frees the root when it frees the root node).
 */
void kernfs_destroy_root(struct kernfs_root *root)
{
	struct kernfs_node *kn;
	struct kernfs_inode *inode;

	if (!root)
		return;
	kn = root->kn;
	kernfs_get(kn);
	kernfs_remove(kn);
	pthread_mutex_lock(&root->inode_lock);
	inode = root->root_inode;
	root->root_inode = NULL;
	kernfs_htab_remove(&root->inodes, kernfs_hash64(inode->ino), &inode->ino);
	pthread_mutex_unlock(&root->inode_lock);
	atomic_fetch_sub(&root->nr_inodes, 1);
	kn_free(root, inode);
	kernfs_put(kn);		/* the inode's */
	root->destroyed = true;
	kernfs_put(kn);		/* ours; frees root when nothing else holds it */
}

void kernfs_root_free(struct kernfs_root *root)
{
	kernfs_htab_destroy(&root->inodes);
	if (root->live_ids) {
		kernfs_htab_destroy(root->live_ids);
		kn_free(root, root->live_ids);
	}
	pthread_rwlock_destroy(&root->kernfs_rwsem);
	pthread_rwlock_destroy(&root->kernfs_iattr_rwsem);
	pthread_mutex_destroy(&root->deactivate_lock);
	pthread_cond_destroy(&root->deactivate_waitq);
	pthread_mutex_destroy(&root->inode_lock);
	pthread_mutex_destroy(&root->id_lock);
	free(root);
}

struct kernfs_node *kernfs_root_to_node(struct kernfs_root *root)
{
	return root->kn;
}

void *kernfs_root_priv(struct kernfs_root *root)
{
	return root->priv;
}

struct kernfs_root *kernfs_root(const struct kernfs_node *kn)
{
	return kernfs_root_of(kn);
}

void kernfs_root_stats(struct kernfs_root *root, struct kernfs_root_stats *st)
{
	st->nr_dirs = atomic_load(&root->nr_dirs);
	st->nr_files = atomic_load(&root->nr_files);
	st->nr_links = atomic_load(&root->nr_links);
	st->nr_tmpl_children = atomic_load(&root->nr_tmpl_children);
	st->nr_iattrs = atomic_load(&root->nr_iattrs);
	st->nr_inodes = atomic_load(&root->nr_inodes);
	st->nr_open_files = atomic_load(&root->nr_open_files);
	st->nr_saved_attrs = atomic_load(&root->nr_saved_attrs);
	st->bytes = atomic_load(&root->bytes);
}

#ifdef KERNFS_EMU_TESTING
#include "kernfs-testing.h"

void kernfs_test_set_next_id(struct kernfs_root *root, uint32_t low,
			     uint32_t gen)
{
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	root->last_id_lowbits = low - 1;
	root->id_highbits = gen;
	pthread_rwlock_unlock(&root->kernfs_rwsem);
}

int kernfs_test_active(struct kernfs_node *kn)
{
	return atomic_load(&kn->active);
}
#endif
