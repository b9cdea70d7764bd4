// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-owner.c - dynamic ownership inheritance (kernfs-emu extension:
 * KERNFS_INHERIT_UID/GID, kernfs_set_owner_source, kernfs_clear_owner;
 * tracefs semantics, spec/tracefs.md §3.1) switched on and off, and the
 * plain kernel behaviour (spec/kernfs.md §4 "No inheritance", §13.3 C3).
 */
#include "kfs-test.h"

#define IU KERNFS_INHERIT_UID
#define IG KERNFS_INHERIT_GID

KT_ROOT_FIXTURE

static const struct kernfs_ops no_ops;

static void chown_node(struct kernfs_node *kn, uid_t u, gid_t g)
{
	struct iattr ia = { .ia_valid = ATTR_UID | ATTR_GID, .ia_uid = u,
			    .ia_gid = g };

	assert_int_equal(kernfs_setattr(kn, &ia), 0);
}

static void expect_owner(struct kernfs_node *kn, uid_t u, gid_t g)
{
	assert_int_equal(kernfs_node_owner(kn), u);
	assert_int_equal(kernfs_node_group(kn), g);
}

/*
 * instances/ (1000:1000, an owner source), instances/foo and foo/trace
 * inheriting both ids.  Return: trace; *@src and *@foo are set.
 */
static struct kernfs_node *make_instance(struct kernfs_node **src,
					 struct kernfs_node **foo)
{
	*src = KT_OK(kernfs_create_dir_ns(rn, "instances", 0755, 1000, 1000,
					  NULL, NULL));
	kernfs_set_owner_source(*src, true);
	*foo = KT_OK(kernfs_create_dir_ns(*src, "foo", 0755, IU, IG, NULL,
					  NULL));
	return KT_OK(kernfs_create_file_ns(*foo, "trace", 0644, IU, IG, 0,
					   &no_ops, NULL, NULL));
}

/* Inherit on: nodes follow the nearest source's own owner. */
static void test_follow_source(void **state)
{
	struct kernfs_node *src, *inst, *f, *deep;
	struct kernfs_inode *fi;

	f = make_instance(&src, &inst);
	assert_true(src->flags & KERNFS_OWNER_SOURCE);
	deep = KT_OK(kernfs_create_dir_ns(inst, "events", 0755, IU, IG, NULL,
					  NULL));
	expect_owner(inst, 1000, 1000);
	expect_owner(f, 1000, 1000);
	expect_owner(deep, 1000, 1000);
	fi = kt_walk(root, "instances/foo/trace");
	assert_int_equal(kt_stat(fi).st_uid, 1000);

	chown_node(src, 2000, 2001);
	expect_owner(f, 2000, 2001);
	expect_owner(deep, 2000, 2001);
	assert_int_equal(kt_stat(fi).st_uid, 2000);
	assert_int_equal(kt_stat(fi).st_gid, 2001);
	kernfs_vfs_forget(fi, 1);
}

/* chown of a non-source dir changes only that dir. */
static void test_chown_non_source(void **state)
{
	struct kernfs_node *src, *foo, *f;
	struct kernfs_inode *fooi;
	struct iattr ia = { .ia_valid = ATTR_UID, .ia_uid = 3000 };
	struct stat st;

	f = make_instance(&src, &foo);
	fooi = kt_walk(root, "instances/foo");
	assert_int_equal(kernfs_vfs_setattr(fooi, &ia, &kt_root, &st), 0);
	assert_int_equal(st.st_uid, 3000);
	assert_int_equal(st.st_gid, 1000);
	expect_owner(foo, 3000, 1000);
	expect_owner(f, 1000, 1000);
	/* foo has its own uid now; its gid still follows the source */
	chown_node(src, 2000, 2000);
	expect_owner(foo, 3000, 2000);
	expect_owner(f, 2000, 2000);
	kernfs_vfs_forget(fooi, 1);
}

/* kernfs_clear_owner: the subtree forgets own owners and inherits again. */
static void test_clear_owner(void **state)
{
	struct kernfs_node *src, *foo, *f, *plain;

	f = make_instance(&src, &foo);
	plain = KT_OK(kernfs_create_file_ns(foo, "plain", 0644, 0, 0, 0,
					    &no_ops, NULL, NULL));
	chown_node(foo, 7, 7);
	chown_node(f, 8, 8);
	expect_owner(f, 8, 8);
	kernfs_clear_owner(src, 5000, 5001);
	expect_owner(src, 5000, 5001);
	expect_owner(foo, 5000, 5001);
	expect_owner(f, 5000, 5001);
	/* a node created with a plain owner that was never chowned keeps it */
	expect_owner(plain, 0, 0);
}

/* kernfs_clear_owner_attr: only the named id is reset (remount uid=). */
static void test_clear_owner_uid_only(void **state)
{
	struct kernfs_node *src, *foo, *f;
	struct iattr ia = { .ia_valid = ATTR_UID, .ia_uid = 3000 };

	f = make_instance(&src, &foo);
	chown_node(f, 8, 9);
	kernfs_clear_owner_attr(src, &ia);
	expect_owner(src, 3000, 1000);
	expect_owner(foo, 3000, 1000);
	expect_owner(f, 3000, 9);	/* its own gid survives */
}

/* Inherit off (plain uid/gid): nothing follows, as in the kernel. */
static void test_no_inherit_kernel_behaviour(void **state)
{
	struct kernfs_node *src, *own, *zero;

	src = KT_OK(kernfs_create_dir_ns(rn, "instances", 0755, 1000, 1000,
					 NULL, NULL));
	own = KT_OK(kernfs_create_file_ns(src, "own", 0644, 1000, 1000, 0,
					  &no_ops, NULL, NULL));
	zero = KT_OK(kernfs_create_file(src, "zero", 0644, 0, &no_ops, NULL));
	chown_node(src, 2000, 2000);
	expect_owner(own, 1000, 1000);
	expect_owner(zero, 0, 0);
	/* even with the source flag, explicit owners do not follow */
	kernfs_set_owner_source(src, true);
	chown_node(src, 3000, 3000);
	expect_owner(own, 1000, 1000);
	expect_owner(zero, 0, 0);
}

/* No source (or a source without own owner): the root node's owner. */
static void test_fallback_to_root_owner(void **state)
{
	struct kernfs_node *orphan, *src, *child;

	orphan = KT_OK(kernfs_create_file_ns(rn, "orphan", 0644, IU, IG, 0,
					     &no_ops, NULL, NULL));
	src = KT_OK(kernfs_create_dir_ns(rn, "src", 0755, IU, IG, NULL, NULL));
	kernfs_set_owner_source(src, true);
	child = KT_OK(kernfs_create_file_ns(src, "c", 0644, IU, IG, 0,
					    &no_ops, NULL, NULL));
	expect_owner(orphan, 0, 0);
	expect_owner(child, 0, 0);
	chown_node(rn, 4000, 4001);
	expect_owner(orphan, 4000, 4001);
	expect_owner(src, 4000, 4001);
	expect_owner(child, 4000, 4001);
	chown_node(src, 6000, 6001);
	expect_owner(child, 6000, 6001);
	expect_owner(orphan, 4000, 4001);
}

/* Mixed: inherit the uid, own gid. */
static void test_mixed(void **state)
{
	struct kernfs_node *src, *m;

	src = KT_OK(kernfs_create_dir_ns(rn, "src", 0755, 1000, 1000, NULL,
					 NULL));
	kernfs_set_owner_source(src, true);
	m = KT_OK(kernfs_create_file_ns(src, "m", 0644, IU, 55, 0, &no_ops,
					NULL, NULL));
	expect_owner(m, 1000, 55);
	chown_node(src, 2000, 2000);
	expect_owner(m, 2000, 55);
}

/* The watch's attr_changed fires for instantiated inodes that follow. */
static GArray *changed;

static void on_attr_changed(void *data, uint64_t ino)
{
	g_array_append_val(changed, ino);
}

static bool changed_has(uint64_t ino)
{
	for (guint i = 0; i < changed->len; i++)
		if (g_array_index(changed, uint64_t, i) == ino)
			return true;
	return false;
}

static void test_attr_changed_watch(void **state)
{
	static const struct kernfs_vfs_watch w = {
		.attr_changed = on_attr_changed };
	struct kernfs_node *src, *f, *p;
	struct kernfs_inode *fi, *pi, *si;
	struct iattr ia = { .ia_valid = ATTR_UID, .ia_uid = 2000 };
	struct stat st;

	changed = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	src = KT_OK(kernfs_create_dir_ns(rn, "src", 0755, 1000, 1000, NULL,
					 NULL));
	kernfs_set_owner_source(src, true);
	f = KT_OK(kernfs_create_file_ns(src, "f", 0644, IU, IG, 0, &no_ops,
					NULL, NULL));
	p = KT_OK(kernfs_create_file_ns(src, "p", 0644, 1000, 1000, 0, &no_ops,
					NULL, NULL));
	si = kt_walk(root, "src");
	fi = kt_lookup(si, "f");
	pi = kt_lookup(si, "p");
	kernfs_vfs_set_watch(root, &w, NULL);
	assert_int_equal(kernfs_vfs_setattr(si, &ia, &kt_root, &st), 0);
	assert_true(changed_has(kernfs_ino(f)));
	assert_false(changed_has(kernfs_ino(p)));
	g_array_set_size(changed, 0);
	kernfs_clear_owner(src, 0, 0);
	assert_true(changed_has(kernfs_ino(f)));
	assert_int_equal(kt_stat(fi).st_uid, 0);
	kernfs_vfs_set_watch(root, NULL, NULL);
	kernfs_vfs_forget(fi, 1);
	kernfs_vfs_forget(pi, 1);
	kernfs_vfs_forget(si, 1);
	g_array_free(changed, TRUE);
}

/* Permission checks use the inherited owner. */
static void test_permission_uses_inherited(void **state)
{
	struct kernfs_caller u = kt_user(1000, 1000);
	struct kernfs_node *src;
	struct kernfs_inode *fi;

	src = KT_OK(kernfs_create_dir_ns(rn, "src", 0755, 1000, 1000, NULL,
					 NULL));
	kernfs_set_owner_source(src, true);
	KT_OK(kernfs_create_file_ns(src, "f", 0600, IU, IG, 0, &no_ops, NULL,
				    NULL));
	fi = kt_walk(root, "src/f");
	assert_int_equal(kernfs_vfs_permission(fi, KERNFS_MAY_WRITE, &u), 0);
	chown_node(src, 2000, 2000);
	assert_int_equal(kernfs_vfs_permission(fi, KERNFS_MAY_WRITE, &u),
			 -EACCES);
	kernfs_vfs_forget(fi, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_follow_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chown_non_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clear_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clear_owner_uid_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_inherit_kernel_behaviour, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fallback_to_root_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_changed_watch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permission_uses_inherited, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
