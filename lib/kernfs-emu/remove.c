// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * remove.c - deactivation, draining and removal; show/hide; self removal
 * and breaking active protection (the kernel's fs/kernfs/dir.c removal
 * half).
 */
#include "kernfs-internal.h"

/* Caller holds kernfs_rwsem (write). */
static void kernfs_deactivate_one(struct kernfs_node *kn)
{
	if (kernfs_active(kn))
		atomic_fetch_add(&kn->active, KN_DEACTIVATED_BIAS);
}

/*
 * kernfs_drain - wait until every in-flight operation on @kn has finished,
 * then release its open files.  Caller holds kernfs_rwsem (write); it is
 * dropped while waiting and taken again.
 */
void kernfs_drain(struct kernfs_node *kn)
{
	struct kernfs_root *root = kernfs_root_of(kn);

	pthread_rwlock_unlock(&root->kernfs_rwsem);
	pthread_mutex_lock(&root->deactivate_lock);
	while (atomic_load(&kn->active) != KN_DEACTIVATED_BIAS)
		pthread_cond_wait(&root->deactivate_waitq, &root->deactivate_lock);
	pthread_mutex_unlock(&root->deactivate_lock);
	if (kernfs_type(kn) == KERNFS_FILE)
		kernfs_drain_open_files(kn);
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
}

/*
 * Report a removed node that has an inode to the VFS watch.  Most nodes of
 * a removed subtree have none: the tree lock is dropped only for those
 * that do (kernfs_watch_removed() checks again, unlocked).
 */
static void kernfs_report_removed(struct kernfs_root *root,
				  struct kernfs_node *kn)
{
	if (!root->watch || !root->watch->removed ||
	    !kernfs_inode_find(root, kernfs_ino(kn)))
		return;
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	kernfs_watch_removed(root, kn);
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
}

/*
 * A child of @parent went away: its listing changed.  The VFS may cache
 * listings of directories it has an inode for, whether or not it ever
 * looked the child up.
 */
static void kernfs_report_dir_changed(struct kernfs_root *root,
				      struct kernfs_node *parent)
{
	if (!root->watch || !root->watch->dir_changed ||
	    !kernfs_inode_find(root, kernfs_ino(parent)))
		return;
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	kernfs_watch_dir_changed(root, parent);
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
}

/*
 * __kernfs_remove - remove the subtree at @kn.  Caller holds kernfs_rwsem
 * (write), which is dropped while draining.
 */
void __kernfs_remove(struct kernfs_node *kn)
{
	struct kernfs_root *root;
	struct kernfs_node *pos = NULL, *parent;

	if (!kn)
		return;
	root = kernfs_root_of(kn);
	/* a subtree being removed by someone else is left to them */
	if (kn->parent && (kn->flags & KERNFS_UNLINKED))
		return;

	/* mark and deactivate: no new active refs, no new children */
	while ((pos = kernfs_next_descendant_post(pos, kn))) {
		pos->flags |= KERNFS_REMOVING;
		kernfs_deactivate_one(pos);
	}

	/* drain and unlink, children before parents */
	do {
		pos = kernfs_leftmost_descendant(kn);
		kernfs_get(pos);
		kernfs_report_removed(root, pos);
		kernfs_drain(pos);
		parent = pos->parent;
		if (!parent || kernfs_unlink_sibling(pos)) {
			if (parent) {
				kernfs_touch_parent(parent);
				kernfs_report_dir_changed(root, parent);
			}
			kernfs_put(pos);	/* the tree's base reference */
		}
		kernfs_put(pos);
	} while (pos != kn);
}

void kernfs_remove(struct kernfs_node *kn)
{
	struct kernfs_root *root;

	if (!kn)
		return;
	root = kernfs_root_of(kn);
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	__kernfs_remove(kn);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
}

int kernfs_remove_by_name_ns(struct kernfs_node *parent, const char *name,
			     const void *ns)
{
	struct kernfs_root *root;
	struct kernfs_node *kn;

	if (!parent)
		return -ENOENT;
	root = kernfs_root_of(parent);
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	kn = kernfs_find_ns(parent, name, ns);
	if (kn) {
		kernfs_get(kn);
		__kernfs_remove(kn);
		pthread_rwlock_unlock(&root->kernfs_rwsem);
		kernfs_put(kn);
		return 0;
	}
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return -ENOENT;
}

void kernfs_break_active_protection(struct kernfs_node *kn)
{
	kernfs_put_active(kn);
}

void kernfs_unbreak_active_protection(struct kernfs_node *kn)
{
	/*
	 * @kn may be deactivated by now; the increment only balances the
	 * kernfs_put_active() that ends the caller's operation.
	 */
	atomic_fetch_add(&kn->active, 1);
}

/* SUICIDED and drained: only meaningful with kernfs_rwsem held. */
static bool kernfs_self_removed(struct kernfs_node *kn)
{
	return (__atomic_load_n(&kn->flags, __ATOMIC_ACQUIRE) & KERNFS_SUICIDED) &&
	       atomic_load(&kn->active) == KN_DEACTIVATED_BIAS;
}

bool kernfs_remove_self(struct kernfs_node *kn)
{
	struct kernfs_root *root = kernfs_root_of(kn);
	bool ret;

	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	kernfs_break_active_protection(kn);
	if (!(kn->flags & KERNFS_SUICIDAL)) {
		kn->flags |= KERNFS_SUICIDAL;
		__kernfs_remove(kn);
		kn->flags |= KERNFS_SUICIDED;
		ret = true;
	} else {
		/*
		 * Wait until the winner has finished and @kn is drained.  The
		 * check counts only under kernfs_rwsem: the winner unbreaks
		 * its protection before dropping it, so "SUICIDED and
		 * drained" cannot be seen while its operation still runs.
		 */
		while (!kernfs_self_removed(kn)) {
			pthread_rwlock_unlock(&root->kernfs_rwsem);
			pthread_mutex_lock(&root->deactivate_lock);
			while (!kernfs_self_removed(kn))
				pthread_cond_wait(&root->deactivate_waitq,
						  &root->deactivate_lock);
			pthread_mutex_unlock(&root->deactivate_lock);
			pthread_rwlock_wrlock(&root->kernfs_rwsem);
		}
		ret = false;
	}
	kernfs_unbreak_active_protection(kn);
	pthread_rwlock_unlock(&root->kernfs_rwsem);
	return ret;
}

void kernfs_show(struct kernfs_node *kn, bool show)
{
	struct kernfs_root *root = kernfs_root_of(kn);

	if (kernfs_type(kn) == KERNFS_DIR)
		return;
	pthread_rwlock_wrlock(&root->kernfs_rwsem);
	if (show) {
		kn->flags &= ~KERNFS_HIDDEN;
		if (kn->flags & KERNFS_ACTIVATED)
			kernfs_activate_locked(kn);
	} else {
		kn->flags |= KERNFS_HIDDEN;
		if (kernfs_active(kn))
			atomic_fetch_add(&kn->active, KN_DEACTIVATED_BIAS);
		kernfs_drain(kn);
	}
	pthread_rwlock_unlock(&root->kernfs_rwsem);
}
