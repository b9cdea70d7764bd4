// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rbtree.c - intrusive red-black tree (insert and erase rebalancing as in
 * Cormen et al., with the colour kept in the low bit of the parent link).
 */
#include "rbtree.h"

#define RB_RED		0
#define RB_BLACK	1

static inline bool is_black(const kfe_rb *n)
{
	return !n || (n->__parent_color & 1);
}

static inline bool is_red(const kfe_rb *n)
{
	return !is_black(n);
}

static inline void set_black(kfe_rb *n)
{
	n->__parent_color |= 1;
}

static inline void set_red(kfe_rb *n)
{
	n->__parent_color &= ~(uintptr_t)1;
}

static inline void set_parent(kfe_rb *n, kfe_rb *p)
{
	n->__parent_color = (n->__parent_color & 1) | (uintptr_t)p;
}

static inline void set_color(kfe_rb *n, uintptr_t color)
{
	n->__parent_color = (n->__parent_color & ~(uintptr_t)1) | color;
}

static void replace_child(kfe_rb *parent, kfe_rb *old, kfe_rb *new,
			  kfe_rb **root)
{
	if (!parent)
		*root = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

static void rotate_left(kfe_rb *x, kfe_rb **root)
{
	kfe_rb *y = x->rb_right;
	kfe_rb *p = kfe_rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		set_parent(y->rb_left, x);
	set_parent(y, p);
	replace_child(p, x, y, root);
	y->rb_left = x;
	set_parent(x, y);
}

static void rotate_right(kfe_rb *x, kfe_rb **root)
{
	kfe_rb *y = x->rb_left;
	kfe_rb *p = kfe_rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		set_parent(y->rb_right, x);
	set_parent(y, p);
	replace_child(p, x, y, root);
	y->rb_right = x;
	set_parent(x, y);
}

void kfe_rb_insert_color(kfe_rb *z, kfe_rb **root)
{
	kfe_rb *p, *g, *u;

	while ((p = kfe_rb_parent(z)) && is_red(p)) {
		g = kfe_rb_parent(p);
		if (p == g->rb_left) {
			u = g->rb_right;
			if (is_red(u)) {
				set_black(p);
				set_black(u);
				set_red(g);
				z = g;
				continue;
			}
			if (z == p->rb_right) {
				rotate_left(p, root);
				z = p;
				p = kfe_rb_parent(z);
			}
			set_black(p);
			set_red(g);
			rotate_right(g, root);
		} else {
			u = g->rb_left;
			if (is_red(u)) {
				set_black(p);
				set_black(u);
				set_red(g);
				z = g;
				continue;
			}
			if (z == p->rb_left) {
				rotate_right(p, root);
				z = p;
				p = kfe_rb_parent(z);
			}
			set_black(p);
			set_red(g);
			rotate_left(g, root);
		}
	}
	set_black(*root);
}

static void erase_fixup(kfe_rb *x, kfe_rb *xp, kfe_rb **root)
{
	kfe_rb *w;

	while (x != *root && is_black(x)) {
		if (x == xp->rb_left) {
			w = xp->rb_right;
			if (is_red(w)) {
				set_black(w);
				set_red(xp);
				rotate_left(xp, root);
				w = xp->rb_right;
			}
			if (is_black(w->rb_left) && is_black(w->rb_right)) {
				set_red(w);
				x = xp;
				xp = kfe_rb_parent(x);
				continue;
			}
			if (is_black(w->rb_right)) {
				set_black(w->rb_left);
				set_red(w);
				rotate_right(w, root);
				w = xp->rb_right;
			}
			set_color(w, xp->__parent_color & 1);
			set_black(xp);
			set_black(w->rb_right);
			rotate_left(xp, root);
		} else {
			w = xp->rb_left;
			if (is_red(w)) {
				set_black(w);
				set_red(xp);
				rotate_right(xp, root);
				w = xp->rb_left;
			}
			if (is_black(w->rb_left) && is_black(w->rb_right)) {
				set_red(w);
				x = xp;
				xp = kfe_rb_parent(x);
				continue;
			}
			if (is_black(w->rb_left)) {
				set_black(w->rb_right);
				set_red(w);
				rotate_left(w, root);
				w = xp->rb_left;
			}
			set_color(w, xp->__parent_color & 1);
			set_black(xp);
			set_black(w->rb_left);
			rotate_right(xp, root);
		}
		x = *root;
		break;
	}
	if (x)
		set_black(x);
}

void kfe_rb_erase(kfe_rb *z, kfe_rb **root)
{
	kfe_rb *x, *xp, *y;
	bool removed_black;

	if (!z->rb_left || !z->rb_right) {
		x = z->rb_left ? z->rb_left : z->rb_right;
		xp = kfe_rb_parent(z);
		removed_black = is_black(z);
		if (x)
			set_parent(x, xp);
		replace_child(xp, z, x, root);
	} else {
		y = z->rb_right;
		while (y->rb_left)
			y = y->rb_left;
		removed_black = is_black(y);
		x = y->rb_right;
		if (kfe_rb_parent(y) == z) {
			xp = y;
		} else {
			xp = kfe_rb_parent(y);
			xp->rb_left = x;
			if (x)
				set_parent(x, xp);
			y->rb_right = z->rb_right;
			set_parent(z->rb_right, y);
		}
		y->rb_left = z->rb_left;
		set_parent(z->rb_left, y);
		replace_child(kfe_rb_parent(z), z, y, root);
		y->__parent_color = z->__parent_color;
	}
	if (removed_black)
		erase_fixup(x, xp, root);
}

kfe_rb *kfe_rb_first(kfe_rb *n)
{
	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

kfe_rb *kfe_rb_next(const kfe_rb *n)
{
	kfe_rb *p;

	if (n->rb_right) {
		n = n->rb_right;
		while (n->rb_left)
			n = n->rb_left;
		return (kfe_rb *)n;
	}
	while ((p = kfe_rb_parent(n)) && n == p->rb_right)
		n = p;
	return p;
}
