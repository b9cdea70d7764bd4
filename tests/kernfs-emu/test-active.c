// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-active.c - spec/kernfs.md §3.1 (active references) and §3.2
 * (activation, KERNFS_ROOT_CREATE_DEACTIVATED, kernfs_show()).
 */
#include "kfs-test.h"

#define BIAS KERNFS_TEST_DEACTIVATED_BIAS

static ssize_t hello_read(struct kernfs_open_file *of, char *buf,
			  size_t n, loff_t off)
{
	static const char txt[] = "hello\n";

	if (off >= (loff_t)sizeof(txt) - 1)
		return 0;
	n = MIN(n, sizeof(txt) - 1 - (size_t)off);
	memcpy(buf, txt + off, n);
	return (ssize_t)n;
}

static const struct kernfs_ops hello_ops = { .read = hello_read };

/* §3.1: the raw counter: bias when inactive, users counted on top. */
static void test_active_counter(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *f = kt_file(rn, "f", 0444, &hello_ops, NULL);

	assert_int_equal(kernfs_test_active(rn), 0);
	assert_int_equal(kernfs_test_active(f), 0);
	assert_ptr_equal(kernfs_get_active(f), f);
	assert_ptr_equal(kernfs_get_active(f), f);
	assert_int_equal(kernfs_test_active(f), 2);
	kernfs_put_active(f);
	kernfs_put_active(f);
	assert_int_equal(kernfs_test_active(f), 0);
	kernfs_get(f);
	kernfs_remove(f);
	assert_int_equal(kernfs_test_active(f), BIAS);
	assert_null(kernfs_get_active(f));
	assert_true(f->flags & KERNFS_REMOVING);
	kernfs_put(f);
	kernfs_destroy_root(root);
}

/*
 * §1.1/§3.2: CREATE_DEACTIVATED: the root node and new nodes start
 * inactive (found by kernfs_find_and_get, invisible to the VFS) until
 * kernfs_activate() publishes the subtree.
 */
static void test_create_deactivated(void **state)
{
	const struct kernfs_syscall_ops sc = { 0 };
	struct kernfs_root *root = kernfs_create_root(&sc,
				KERNFS_ROOT_CREATE_DEACTIVATED, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_inode *ri = kernfs_vfs_root(root), *x = NULL;
	struct kernfs_node *d, *f, *g;
	struct kt_dirlist l;

	assert_int_equal(kernfs_test_active(rn), BIAS);
	assert_null(kernfs_get_active(rn));
	d = kt_dir(rn, "d");
	f = kt_file(d, "f", 0444, &hello_ops, NULL);
	assert_int_equal(kernfs_test_active(d), BIAS);
	assert_int_equal(kernfs_test_active(f), BIAS);
	assert_false(f->flags & KERNFS_ACTIVATED);
	/* activation is not checked by find */
	g = kernfs_find_and_get(rn, "d");
	assert_ptr_equal(g, d);
	kernfs_put(g);
	g = kernfs_walk_and_get(rn, "d/f");
	assert_ptr_equal(g, f);
	kernfs_put(g);

	kernfs_activate(rn);
	assert_int_equal(kernfs_test_active(rn), 0);
	assert_int_equal(kernfs_test_active(f), 0);
	assert_true(f->flags & KERNFS_ACTIVATED);
	assert_true(d->flags & KERNFS_ACTIVATED);

	/* a node added to a published dir stays invisible until activated */
	g = kt_file(rn, "late", 0444, &hello_ops, NULL);
	assert_int_equal(kernfs_vfs_lookup(ri, "late", &kt_root, &x, NULL),
			 -ENOENT);
	kt_list(ri, &l);
	assert_int_equal(l.ents->len, 3);
	assert_int_equal(kt_find_ent(&l, "late"), -1);
	kt_dirlist_free(&l);
	kernfs_activate(g);
	x = kt_lookup(ri, "late");
	kernfs_vfs_forget(x, 1);
	kernfs_destroy_root(root);
}

/*
 * §13.2/§8: the tracefs draft never activates its CREATE_DEACTIVATED
 * root, so mkdir at the root fails with ENODEV.
 */
static int mk_ok(struct kernfs_node *parent, const char *name, umode_t mode)
{
	return 0;
}

static void test_mkdir_on_inactive_root(void **state)
{
	static const struct kernfs_syscall_ops sc = { .mkdir = mk_ok };
	struct kernfs_root *root = kernfs_create_root(&sc,
				KERNFS_ROOT_CREATE_DEACTIVATED, NULL);
	struct kernfs_inode *out = NULL;

	assert_int_equal(kernfs_vfs_mkdir(kernfs_vfs_root(root), "x", 0755,
					  &kt_root, &out, NULL), -ENODEV);
	kernfs_destroy_root(root);
}

/* §3.2: open of an inactive node through an existing inode: ENODEV. */
static void test_open_inactive_enodev(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *f = kt_file(rn, "f", 0444, &hello_ops, NULL);
	struct kernfs_inode *fi = kt_lookup(kernfs_vfs_root(root), "f");
	struct kernfs_vfs_file *file = NULL;

	kernfs_show(f, false);
	assert_int_equal(kernfs_vfs_open(fi, O_RDONLY, &kt_root, &file),
			 -ENODEV);
	kernfs_show(f, true);
	file = kt_open(fi, O_RDONLY);
	kernfs_vfs_release(file);
	kernfs_vfs_forget(fi, 1);
	kernfs_destroy_root(root);
}

/*
 * §3.2: kernfs_show(false) hides (ENODEV for open files, gone from
 * lookup); show(true) re-activates only a node that was activated
 * before; kernfs_activate skips hidden nodes but marks them ACTIVATED.
 */
static void test_show_hide(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL,
				KERNFS_ROOT_CREATE_DEACTIVATED, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *f, *g;
	struct kernfs_inode *ri = kernfs_vfs_root(root), *fi, *x = NULL;
	struct kernfs_vfs_file *file;
	char buf[16];

	kernfs_activate(rn);
	g = kt_file(rn, "g", 0444, &hello_ops, NULL);
	/* never activated: show(true) does not publish it */
	kernfs_show(g, false);
	assert_true(g->flags & KERNFS_HIDDEN);
	kernfs_show(g, true);
	assert_false(g->flags & KERNFS_HIDDEN);
	assert_int_equal(kernfs_test_active(g), BIAS);
	/* hidden during activation: skipped, but remembered as activated */
	kernfs_show(g, false);
	kernfs_activate(rn);
	assert_int_equal(kernfs_test_active(g), BIAS);
	assert_true(g->flags & KERNFS_ACTIVATED);
	kernfs_show(g, true);
	assert_int_equal(kernfs_test_active(g), 0);

	f = kt_file(rn, "f", 0444, &hello_ops, NULL);
	kernfs_activate(f);
	fi = kt_lookup(ri, "f");
	file = kt_open(fi, O_RDONLY);
	assert_int_equal(kernfs_vfs_read(file, buf, sizeof(buf), 0, &kt_root), 6);
	kernfs_show(f, false);
	assert_int_equal(kernfs_vfs_read(file, buf, sizeof(buf), 0, &kt_root),
			 -ENODEV);
	assert_int_equal(kernfs_vfs_lookup(ri, "f", &kt_root, &x, NULL),
			 -ENOENT);
	kernfs_show(f, true);
	/* the same open file works again once shown */
	assert_int_equal(kernfs_vfs_read(file, buf, sizeof(buf), 0, &kt_root), 6);
	assert_memory_equal(buf, "hello\n", 6);
	kernfs_vfs_release(file);
	kernfs_vfs_forget(fi, 1);
	kernfs_destroy_root(root);
}

/* §3.2: kernfs_show() on a directory is ignored (kernel: WARN). */
static void test_show_dir_ignored(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *d = kt_dir(kernfs_root_to_node(root), "d");

	kernfs_show(d, false);
	assert_int_equal(kernfs_test_active(d), 0);
	assert_false(d->flags & KERNFS_HIDDEN);
	kernfs_destroy_root(root);
}

/* §3.2: kernfs_show(false) waits for an in-flight operation. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool entered, open_gate, hidden;
};

static struct gate gate = { PTHREAD_MUTEX_INITIALIZER,
			    PTHREAD_COND_INITIALIZER };

static ssize_t gated_read(struct kernfs_open_file *of, char *buf, size_t n,
			  loff_t off)
{
	pthread_mutex_lock(&gate.lock);
	gate.entered = true;
	pthread_cond_broadcast(&gate.cond);
	while (!gate.open_gate)
		pthread_cond_wait(&gate.cond, &gate.lock);
	pthread_mutex_unlock(&gate.lock);
	buf[0] = 'x';
	return 1;
}

static const struct kernfs_ops gated_ops = { .read = gated_read };

static void *reader(void *arg)
{
	char c;

	return (void *)(intptr_t)kernfs_vfs_read(arg, &c, 1, 0, &kt_root);
}

static void *hider(void *arg)
{
	kernfs_show(arg, false);
	pthread_mutex_lock(&gate.lock);
	gate.hidden = true;
	pthread_mutex_unlock(&gate.lock);
	return NULL;
}

static void test_hide_drains(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *f = kt_file(kernfs_root_to_node(root), "f", 0444,
					&gated_ops, NULL);
	struct kernfs_inode *fi = kt_lookup(kernfs_vfs_root(root), "f");
	struct kernfs_vfs_file *file = kt_open(fi, O_RDONLY);
	pthread_t tr, th;
	void *ret;

	pthread_create(&tr, NULL, reader, file);
	pthread_mutex_lock(&gate.lock);
	while (!gate.entered)
		pthread_cond_wait(&gate.cond, &gate.lock);
	pthread_mutex_unlock(&gate.lock);
	pthread_create(&th, NULL, hider, f);
	kt_msleep(100);
	pthread_mutex_lock(&gate.lock);
	assert_false(gate.hidden);
	gate.open_gate = true;
	pthread_cond_broadcast(&gate.cond);
	pthread_mutex_unlock(&gate.lock);
	pthread_join(tr, &ret);
	pthread_join(th, NULL);
	assert_int_equal((intptr_t)ret, 1);
	assert_true(gate.hidden);
	assert_int_equal(kernfs_test_active(f), BIAS);
	kernfs_vfs_release(file);
	kernfs_vfs_forget(fi, 1);
	kernfs_destroy_root(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_active_counter),
		cmocka_unit_test(test_create_deactivated),
		cmocka_unit_test(test_mkdir_on_inactive_root),
		cmocka_unit_test(test_open_inactive_enodev),
		cmocka_unit_test(test_show_hide),
		cmocka_unit_test(test_show_dir_ignored),
		cmocka_unit_test(test_hide_drains),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
