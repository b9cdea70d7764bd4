// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-ns.c - spec/kernfs.md §10 (namespaces) and the ns parts of §2.1,
 * §2.2, §3.4 and §4.  Namespace tags are opaque pointers; fixed values
 * are used so the hash vectors of gen-hash-vectors.py apply.
 */
#include "kfs-test.h"

#define NS_A ((const void *)(uintptr_t)0x1000)
#define NS_B ((const void *)(uintptr_t)0x2000)
#define NS_C ((const void *)(uintptr_t)0x3000)

static struct kernfs_root *root;
static struct kernfs_node *rn, *net;

static int setup(void **state)
{
	root = kernfs_create_root(NULL, 0, NULL);
	rn = kernfs_root_to_node(root);
	net = kt_dir(rn, "net");
	kernfs_enable_ns(net);
	return 0;
}

static int teardown(void **state)
{
	kernfs_destroy_root(root);
	return 0;
}

/* §10: enable_ns sets KERNFS_NS; children need a tag, others must not. */
static void test_ns_required(void **state)
{
	struct kernfs_node *plain = kt_dir(rn, "plain");

	assert_true(kernfs_ns_enabled(net));
	assert_true(net->flags & KERNFS_NS);
	assert_false(kernfs_ns_enabled(plain));
	KT_ERR(kernfs_create_dir_ns(net, "eth0", 0755, 0, 0, NULL, NULL),
	       EINVAL);
	KT_ERR(kernfs_create_file_ns(net, "f", 0444, 0, 0, 0, &kt_no_ops, NULL,
				     NULL), EINVAL);
	KT_ERR(kernfs_create_dir_ns(plain, "eth0", 0755, 0, 0, NULL, NS_A),
	       EINVAL);
	KT_ERR(kernfs_create_file_ns(plain, "f", 0444, 0, 0, 0, &kt_no_ops, NULL,
				     NS_A), EINVAL);
}

/* §10/§2.1: the same name in two namespaces; the hash includes the tag. */
static void test_same_name_two_ns(void **state)
{
	struct kernfs_node *a, *b, *f;

	a = KT_OK(kernfs_create_dir_ns(net, "eth0", 0755, 0, 0, NULL, NS_A));
	b = KT_OK(kernfs_create_dir_ns(net, "eth0", 0755, 0, 0, NULL, NS_B));
	assert_ptr_not_equal(a, b);
	assert_ptr_equal(a->ns, NS_A);
	assert_ptr_equal(b->ns, NS_B);
	/* vectors: ("eth0", 0x1000) and ("eth0", 0x2000) */
	assert_int_equal(a->hash, 1988848208u);
	assert_int_equal(b->hash, 1827527457u);
	KT_ERR(kernfs_create_dir_ns(net, "eth0", 0755, 0, 0, NULL, NS_A),
	       EEXIST);

	f = kernfs_find_and_get_ns(net, "eth0", NS_A);
	assert_ptr_equal(f, a);
	kernfs_put(f);
	f = kernfs_find_and_get_ns(net, "eth0", NS_B);
	assert_ptr_equal(f, b);
	kernfs_put(f);
	assert_null(kernfs_find_and_get_ns(net, "eth0", NS_C));
	/* §2.2: ns presence must match the parent's KERNFS_NS */
	assert_null(kernfs_find_and_get_ns(net, "eth0", NULL));
	assert_null(kernfs_find_and_get_ns(rn, "net", NS_A));
	/* walk uses one ns for every component */
	kt_dir(a, "sub");
	assert_null(kernfs_walk_and_get_ns(rn, "net/eth0", NS_A));
}

/* §3.3/§10: removal by name is per namespace. */
static void test_remove_by_name_ns(void **state)
{
	struct kernfs_node *b, *f;

	KT_OK(kernfs_create_dir_ns(net, "lo", 0755, 0, 0, NULL, NS_A));
	b = KT_OK(kernfs_create_dir_ns(net, "lo", 0755, 0, 0, NULL, NS_B));
	assert_int_equal(kernfs_remove_by_name_ns(net, "lo", NS_C), -ENOENT);
	assert_int_equal(kernfs_remove_by_name_ns(net, "lo", NS_A), 0);
	assert_int_equal(kernfs_remove_by_name_ns(net, "lo", NS_A), -ENOENT);
	assert_null(kernfs_find_and_get_ns(net, "lo", NS_A));
	f = kernfs_find_and_get_ns(net, "lo", NS_B);
	assert_ptr_equal(f, b);
	kernfs_put(f);
}

/* §3.4/§10: rename into another namespace rehashes; EEXIST there. */
static void test_rename_ns(void **state)
{
	struct kernfs_node *a, *f;

	a = KT_OK(kernfs_create_dir_ns(net, "wlan0", 0755, 0, 0, NULL, NS_A));
	KT_OK(kernfs_create_dir_ns(net, "wlan0", 0755, 0, 0, NULL, NS_B));
	assert_int_equal(kernfs_rename_ns(a, net, "wlan0", NS_B), -EEXIST);
	assert_int_equal(kernfs_rename_ns(a, net, "wlan0", NS_C), 0);
	assert_ptr_equal(a->ns, NS_C);
	assert_int_equal(a->hash, kernfs_name_hash("wlan0", NS_C));
	assert_null(kernfs_find_and_get_ns(net, "wlan0", NS_A));
	f = kernfs_find_and_get_ns(net, "wlan0", NS_C);
	assert_ptr_equal(f, a);
	kernfs_put(f);
}

/* §4/§9: a link in an ns-enabled dir takes its target's tag. */
static void test_link_takes_target_ns(void **state)
{
	struct kernfs_node *t, *l, *f;

	t = KT_OK(kernfs_create_dir_ns(net, "eth1", 0755, 0, 0, NULL, NS_B));
	l = KT_OK(kernfs_create_link(net, "eth1-link", t));
	assert_ptr_equal(l->ns, NS_B);
	f = kernfs_find_and_get_ns(net, "eth1-link", NS_B);
	assert_ptr_equal(f, l);
	kernfs_put(f);
	/* outside an ns-enabled dir the link has no tag */
	l = KT_OK(kernfs_create_link(rn, "eth1", t));
	assert_null(l->ns);
}

/*
 * §2.3/§10: the VFS face is one superblock whose ns tag is NULL (it has
 * no namespace selection), so, as for such a superblock in the kernel,
 * tagged children of an ns-enabled directory are neither listed nor
 * found by lookup.
 */
static void test_vfs_sees_null_ns(void **state)
{
	struct kernfs_inode *ni, *x = NULL;
	struct kt_dirlist l;

	KT_OK(kernfs_create_dir_ns(net, "eth0", 0755, 0, 0, NULL, NS_A));
	ni = kt_lookup(kernfs_vfs_root(root), "net");
	kt_list(ni, &l);
	assert_int_equal(l.ents->len, 2);
	kt_dirlist_free(&l);
	assert_int_equal(kernfs_vfs_lookup(ni, "eth0", &kt_root, &x, NULL),
			 -ENOENT);
	kernfs_vfs_forget(ni, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ns_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_name_two_ns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_by_name_ns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_ns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_takes_target_ns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vfs_sees_null_ns, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
