/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rbtree.h - a small intrusive red-black tree (the shape of the kernel's
 * lib/rbtree.c API): callers descend themselves, link the new node, then
 * call kfe_rb_insert_color().
 */
#ifndef KERNFS_RBTREE_H
#define KERNFS_RBTREE_H

#include <kernfs-emu/kernfs.h>

typedef struct kernfs_rb_node kfe_rb;

static inline kfe_rb *kfe_rb_parent(const kfe_rb *n)
{
	return (kfe_rb *)(n->__parent_color & ~(uintptr_t)1);
}

/* kfe_rb_link - attach @n below @parent at *@link (red, no children). */
static inline void kfe_rb_link(kfe_rb *n, kfe_rb *parent, kfe_rb **link)
{
	n->__parent_color = (uintptr_t)parent;	/* red = 0 */
	n->rb_left = n->rb_right = NULL;
	*link = n;
}

/* kfe_rb_insert_color - rebalance after kfe_rb_link(). */
void kfe_rb_insert_color(kfe_rb *n, kfe_rb **root);

/* kfe_rb_erase - unlink @n from the tree at *@root. */
void kfe_rb_erase(kfe_rb *n, kfe_rb **root);

/* In-order iteration. Return: the node, or NULL. */
kfe_rb *kfe_rb_first(kfe_rb *root);
kfe_rb *kfe_rb_next(const kfe_rb *n);

#endif /* KERNFS_RBTREE_H */
