// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-rename.c - spec/kernfs.md §3.4: kernfs_rename_ns() rules, and the
 * watch's renamed callback.
 */
#include "kfs-test.h"

static struct kernfs_root *root;
static struct kernfs_node *rn;

static int setup(void **state)
{
	root = kernfs_create_root(NULL, 0, NULL);
	rn = kernfs_root_to_node(root);
	return 0;
}

static int teardown(void **state)
{
	kernfs_destroy_root(root);
	return 0;
}

/* §3.4: the root cannot be renamed. */
static void test_rename_root_einval(void **state)
{
	struct kernfs_node *d = kt_dir(rn, "d");

	assert_int_equal(kernfs_rename(rn, d, "x"), -EINVAL);
	assert_int_equal(kernfs_rename(rn, rn, ""), -EINVAL);
}

/* §3.4: same place is a successful no-op; EEXIST on an existing name. */
static void test_rename_noop_and_eexist(void **state)
{
	struct kernfs_node *a = kt_dir(rn, "a");
	struct kernfs_node *b = kt_file(rn, "b", 0444, NULL, NULL);
	const char *old = a->name;

	assert_int_equal(kernfs_rename(a, rn, "a"), 0);
	assert_string_equal(a->name, "a");
	assert_ptr_equal(a->name, old);
	assert_int_equal(kernfs_rename(a, rn, "b"), -EEXIST);
	assert_int_equal(kernfs_rename(b, rn, "a"), -EEXIST);
	assert_string_equal(a->name, "a");
}

/* §3.4: move and rename: rehash, reparent, nlink of both parents. */
static void test_rename_moves(void **state)
{
	struct kernfs_node *p1 = kt_dir(rn, "p1"), *p2 = kt_dir(rn, "p2");
	struct kernfs_node *c = kt_dir(p1, "child"), *f;
	struct kernfs_inode *i1 = kt_lookup(kernfs_vfs_root(root), "p1");
	struct kernfs_inode *i2 = kt_lookup(kernfs_vfs_root(root), "p2");

	kt_file(c, "leaf", 0444, NULL, NULL);
	assert_int_equal(kt_stat(i1).st_nlink, 3);
	assert_int_equal(kt_stat(i2).st_nlink, 2);
	assert_int_equal(kernfs_rename(c, p2, "moved"), 0);
	assert_ptr_equal(c->parent, p2);
	assert_string_equal(c->name, "moved");
	assert_int_equal(c->hash, kernfs_name_hash("moved", NULL));
	assert_int_equal(kt_stat(i1).st_nlink, 2);
	assert_int_equal(kt_stat(i2).st_nlink, 3);
	assert_null(kernfs_find_and_get(p1, "child"));
	f = kernfs_walk_and_get(rn, "p2/moved/leaf");
	assert_non_null(f);
	kernfs_put(f);
	/* rename within the same directory */
	assert_int_equal(kernfs_rename(c, p2, "again"), 0);
	f = kernfs_find_and_get(p2, "again");
	assert_ptr_equal(f, c);
	kernfs_put(f);
	assert_null(kernfs_find_and_get(p2, "moved"));
	kernfs_vfs_forget(i1, 1);
	kernfs_vfs_forget(i2, 1);
}

/* §3.4: ENOENT for an inactive node or parent, or an empty dir target. */
static void test_rename_enoent(void **state)
{
	struct kernfs_node *a = kt_dir(rn, "a"), *b = kt_dir(rn, "b");
	struct kernfs_node *e = KT_OK(kernfs_create_empty_dir(rn, "e"));
	struct kernfs_node *f = kt_file(a, "f", 0444, NULL, NULL);
	struct kernfs_root *r2;
	struct kernfs_node *n2, *x;

	assert_int_equal(kernfs_rename(f, e, "f"), -ENOENT);
	kernfs_get(b);
	kernfs_remove(b);
	assert_int_equal(kernfs_rename(f, b, "f"), -ENOENT);
	kernfs_get(a);
	kernfs_remove(a);
	assert_int_equal(kernfs_rename(a, rn, "a2"), -ENOENT);
	kernfs_put(a);
	kernfs_put(b);

	/* never activated (CREATE_DEACTIVATED) */
	r2 = kernfs_create_root(NULL, KERNFS_ROOT_CREATE_DEACTIVATED, NULL);
	n2 = kernfs_root_to_node(r2);
	kernfs_activate(n2);
	x = kt_dir(n2, "x");
	assert_int_equal(kernfs_rename(x, n2, "y"), -ENOENT);
	kernfs_activate(x);
	assert_int_equal(kernfs_rename(x, n2, "y"), 0);
	kernfs_destroy_root(r2);
}

/* §2.2/§3.4: lookups through the VFS follow the new name. */
static void test_rename_vfs_view(void **state)
{
	struct kernfs_node *d = kt_dir(rn, "d"), *f;
	struct kernfs_inode *fi, *x = NULL;

	f = kt_file(d, "old", 0444, NULL, NULL);
	fi = kt_walk(root, "d/old");
	assert_int_equal(kernfs_rename(f, rn, "new"), 0);
	assert_int_equal(kernfs_vfs_lookup(kernfs_vfs_root(root), "old",
					   &kt_root, &x, NULL), -ENOENT);
	x = kt_lookup(kernfs_vfs_root(root), "new");
	assert_ptr_equal(x, fi);
	kernfs_vfs_forget(x, 1);
	kernfs_vfs_forget(fi, 1);
}

/* The watch's renamed callback gets old and new places. */
static GPtrArray *events;

static void on_renamed(void *data, uint64_t old_parent, const char *old_name,
		       uint64_t new_parent, const char *new_name, uint64_t ino)
{
	g_ptr_array_add(events, g_strdup_printf("%llu/%s->%llu/%s:%llu",
		(unsigned long long)old_parent, old_name,
		(unsigned long long)new_parent, new_name,
		(unsigned long long)ino));
}

static void test_renamed_watch(void **state)
{
	static const struct kernfs_vfs_watch w = { .renamed = on_renamed };
	struct kernfs_node *d = kt_dir(rn, "d");
	struct kernfs_node *f = kt_file(d, "f", 0444, NULL, NULL);
	struct kernfs_inode *fi = kt_walk(root, "d/f");
	g_autofree char *want = g_strdup_printf("%llu/f->1/g:%llu",
		(unsigned long long)kernfs_ino(d),
		(unsigned long long)kernfs_ino(f));

	events = g_ptr_array_new_with_free_func(g_free);
	kernfs_vfs_set_watch(root, &w, NULL);
	assert_int_equal(kernfs_rename(f, rn, "g"), 0);
	assert_int_equal(events->len, 1);
	assert_string_equal(events->pdata[0], want);
	kernfs_vfs_set_watch(root, NULL, NULL);
	kernfs_vfs_forget(fi, 1);
	g_ptr_array_free(events, TRUE);
}

/* Both parents' listings change, whether the node has an inode or not. */
static void on_dir_changed(void *data, uint64_t dir_ino)
{
	g_ptr_array_add(events, g_strdup_printf("dir %llu",
						(unsigned long long)dir_ino));
}

static void test_rename_changes_listings(void **state)
{
	static const struct kernfs_vfs_watch w = {
		.renamed = on_renamed, .dir_changed = on_dir_changed,
	};
	struct kernfs_node *d = kt_dir(rn, "d");
	struct kernfs_node *f = kt_file(d, "f", 0444, NULL, NULL);
	struct kernfs_inode *ri = kernfs_vfs_root(root);
	struct kernfs_inode *di = kt_walk(root, "d");
	g_autofree char *dir_d = g_strdup_printf("dir %llu",
		(unsigned long long)kernfs_ino(d));

	events = g_ptr_array_new_with_free_func(g_free);
	kernfs_vfs_set_watch(root, &w, NULL);
	/* within d: f has no inode, so only d's listing is reported */
	assert_int_equal(kernfs_rename(f, d, "g"), 0);
	assert_int_equal(events->len, 1);
	assert_string_equal(events->pdata[0], dir_d);
	/* from d to the root: both */
	g_ptr_array_set_size(events, 0);
	assert_int_equal(kernfs_rename(f, rn, "h"), 0);
	assert_int_equal(events->len, 2);
	assert_string_equal(events->pdata[0], dir_d);
	assert_string_equal(events->pdata[1], "dir 1");
	assert_ptr_not_equal(ri, NULL);
	kernfs_vfs_set_watch(root, NULL, NULL);
	kernfs_vfs_forget(di, 1);
	g_ptr_array_free(events, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rename_root_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_noop_and_eexist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_enoent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_vfs_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renamed_watch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_changes_listings, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
