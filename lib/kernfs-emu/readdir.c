// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * readdir.c - directory listing with the kernel's positions: the name
 * hash of the next entry, "." at 0, ".." at 1, INT_MAX at the end
 * (kernfs_fop_readdir() and kernfs_dir_pos() in fs/kernfs/dir.c).
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>

#include "kernfs-internal.h"

int kernfs_vfs_opendir(struct kernfs_inode *inode,
		       const struct kernfs_caller *caller,
		       struct kernfs_vfs_dir **out)
{
	struct kernfs_node *kn = inode->kn;
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_vfs_dir *dir;

	if (kernfs_type(kn) != KERNFS_DIR)
		return -ENOTDIR;
	dir = kn_zalloc(root, sizeof(*dir));
	if (!dir)
		return -ENOMEM;
	dir->inode = inode;
	dir->kn = kn;
	dir->root = root;
	kernfs_get(kn);
	atomic_fetch_add(&root->nr_open_files, 1);
	*out = dir;
	return 0;
}

void kernfs_vfs_releasedir(struct kernfs_vfs_dir *dir)
{
	struct kernfs_root *root;

	if (!dir)
		return;
	root = dir->root;
	kernfs_put(dir->cursor);
	kernfs_put(dir->kn);
	atomic_fetch_sub(&root->nr_open_files, 1);
	kn_free(root, dir);
}

static struct kernfs_node *next_sibling(struct kernfs_node *pos)
{
	return rb_to_kn(kfe_rb_next(&pos->rb));
}

static bool visible(const struct kernfs_node *pos, const void *ns)
{
	return kernfs_active(pos) && pos->ns == ns;
}

/*
 * kernfs_dir_pos - the first visible entry at or after position @hash.
 * @cursor (consumed) is the node cached by the last call.  Caller holds
 * kernfs_rwsem (read).
 */
static struct kernfs_node *kernfs_dir_pos(const void *ns,
					  struct kernfs_node *parent,
					  loff_t hash,
					  struct kernfs_node *cursor)
{
	struct kernfs_node *pos = cursor;

	if (pos && !(kernfs_active(pos) && pos->parent == parent &&
		     !(pos->flags & KERNFS_UNLINKED) && hash == pos->hash))
		pos = NULL;
	if (!pos && hash > 1 && hash < INT_MAX) {
		struct kernfs_rb_node *node = parent->dir.children;

		/* stop on a match, else on the last node visited */
		while (node) {
			pos = rb_to_kn(node);
			if (hash < pos->hash)
				node = node->rb_left;
			else if (hash > pos->hash)
				node = node->rb_right;
			else
				break;
		}
	}
	while (pos && !visible(pos, ns))
		pos = next_sibling(pos);
	return pos;
}

static struct kernfs_node *kernfs_next_visible(const void *ns,
					       struct kernfs_node *pos)
{
	do
		pos = next_sibling(pos);
	while (pos && !visible(pos, ns));
	return pos;
}

static unsigned int dtype(umode_t mode)
{
	return (mode >> 12) & 15;
}

static uint64_t parent_ino(struct kernfs_node *kn)
{
	return kernfs_ino(kn->parent ? kn->parent : kn);
}

/* Emit "." and ".." (dir_emit_dots). Return: non-zero when full. */
int kernfs_emit_dots(struct kernfs_vfs_dir *dir, loff_t *pos, loff_t first,
		     kernfs_filldir_t filldir, void *ctx)
{
	if (*pos == 0) {
		if (filldir(ctx, ".", 1, kernfs_ino(dir->kn), DT_DIR, 1))
			return 1;
		*pos = 1;
	}
	if (*pos == 1) {
		if (filldir(ctx, "..", 2, parent_ino(dir->kn), DT_DIR, first))
			return 1;
		*pos = first;
	}
	return 0;
}

static loff_t first_pos(const void *ns, struct kernfs_node *parent)
{
	struct kernfs_node *pos = rb_to_kn(kfe_rb_first(parent->dir.children));

	while (pos && !visible(pos, ns))
		pos = next_sibling(pos);
	return pos && kernfs_active(parent) ? pos->hash : INT_MAX;
}

int kernfs_vfs_readdir(struct kernfs_vfs_dir *dir, loff_t pos,
		       kernfs_filldir_t filldir, void *ctx)
{
	struct kernfs_node *parent = dir->kn, *kn, *next;
	struct kernfs_root *root = dir->root;
	const void *ns = kernfs_ns_enabled(parent) ? root->vfs_ns : NULL;
	int full = 0;

	if (parent->flags & KERNFS_TEMPLATE)
		return kernfs_tmpl_readdir(dir, pos, filldir, ctx);

	pthread_rwlock_rdlock(&root->kernfs_rwsem);
	if (pos < 2 && kernfs_emit_dots(dir, &pos, first_pos(ns, parent),
					filldir, ctx))
		goto out;
	kn = kernfs_active(parent) ?
	     kernfs_dir_pos(ns, parent, pos, dir->cursor) : NULL;
	while (kn) {
		char name[KERNFS_NAME_MAX + 1];
		uint64_t ino = kernfs_ino(kn);
		unsigned int type = dtype(kn->mode);
		loff_t next_pos;

		next = kernfs_next_visible(ns, kn);
		next_pos = next ? next->hash : INT_MAX;
		snprintf(name, sizeof(name), "%s", kn->name);
		/* cache the resume point; the lock is dropped around the emit */
		kernfs_get(next);
		kernfs_put(dir->cursor);
		dir->cursor = kn;
		kernfs_get(kn);
		pthread_rwlock_unlock(&root->kernfs_rwsem);
		full = filldir(ctx, name, strlen(name), ino, type, next_pos);
		pthread_rwlock_rdlock(&root->kernfs_rwsem);
		if (full) {
			kernfs_put(next);
			break;
		}
		kernfs_put(dir->cursor);
		dir->cursor = next;
		if (!next)
			break;
		kn = kernfs_dir_pos(ns, parent, next_pos, next);
	}
out:
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return 0;
}
