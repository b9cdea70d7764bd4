// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-xattr.c - spec/kernfs.md §6: trusted/security always, user.* only
 * with KERNFS_ROOT_SUPPORT_USER_XATTR and within 128 xattrs / 128 KiB,
 * ENODATA/ERANGE/EEXIST, the VFS permission checks (fs/xattr.c
 * xattr_permission), and the KERNFS_ROOT_NO_XATTR extension.
 */
#include "kfs-test.h"

static const struct kernfs_ops no_ops;

/* §6: trusted.* and security.* always; unknown prefixes EOPNOTSUPP. */
static void test_trusted_security(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *f = kt_file(kernfs_root_to_node(root), "f", 0644,
					&no_ops, NULL);
	char buf[16];

	assert_int_equal(kernfs_xattr_get(f, "trusted.a", buf, sizeof(buf)),
			 -ENODATA);
	assert_int_equal(kernfs_xattr_set(f, "trusted.a", "va", 2, 0), 0);
	assert_int_equal(kernfs_xattr_set(f, "security.b", "vbb", 3, 0), 0);
	assert_int_equal(kernfs_xattr_get(f, "trusted.a", buf, sizeof(buf)), 2);
	assert_memory_equal(buf, "va", 2);
	/* size 0 asks for the size; too small a buffer is ERANGE */
	assert_int_equal(kernfs_xattr_get(f, "security.b", NULL, 0), 3);
	assert_int_equal(kernfs_xattr_get(f, "security.b", buf, 2), -ERANGE);
	assert_int_equal(kernfs_xattr_get(f, "security.c", buf, 2), -ENODATA);
	/* flags */
	assert_int_equal(kernfs_xattr_set(f, "trusted.a", "x", 1,
					  KERNFS_XATTR_CREATE), -EEXIST);
	assert_int_equal(kernfs_xattr_set(f, "trusted.z", "x", 1,
					  KERNFS_XATTR_REPLACE), -ENODATA);
	assert_int_equal(kernfs_xattr_set(f, "trusted.a", "xyz", 3,
					  KERNFS_XATTR_REPLACE), 0);
	assert_int_equal(kernfs_xattr_get(f, "trusted.a", buf, sizeof(buf)), 3);
	/* removal */
	assert_int_equal(kernfs_xattr_set(f, "trusted.a", NULL, 0, 0), 0);
	assert_int_equal(kernfs_xattr_get(f, "trusted.a", buf, sizeof(buf)),
			 -ENODATA);
	assert_int_equal(kernfs_xattr_set(f, "bogus.a", "x", 1, 0), -EOPNOTSUPP);
	assert_int_equal(kernfs_xattr_set(f, "user.a", "x", 1, 0), -EOPNOTSUPP);
	/* an empty value is a value */
	assert_int_equal(kernfs_xattr_set(f, "trusted.e", "", 0, 0), 0);
	assert_int_equal(kernfs_xattr_get(f, "trusted.e", buf, sizeof(buf)), 0);
	kernfs_destroy_root(root);
}

/* §6: user.* limits: 128 xattrs, 128 KiB of values, ENOSPC beyond. */
static void test_user_limits(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL,
				KERNFS_ROOT_SUPPORT_USER_XATTR, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *f = kt_file(rn, "f", 0644, &no_ops, NULL);
	struct kernfs_node *g = kt_file(rn, "g", 0644, &no_ops, NULL);
	char *big = g_malloc0(65536);
	char name[32];

	for (int i = 0; i < KERNFS_MAX_USER_XATTRS; i++) {
		snprintf(name, sizeof(name), "user.n%d", i);
		assert_int_equal(kernfs_xattr_set(f, name, "v", 1, 0), 0);
	}
	assert_int_equal(kernfs_xattr_set(f, "user.one-more", "v", 1, 0),
			 -ENOSPC);
	/* trusted.* is not limited */
	assert_int_equal(kernfs_xattr_set(f, "trusted.more", "v", 1, 0), 0);
	assert_int_equal(kernfs_xattr_set(f, "user.n0", NULL, 0, 0), 0);
	assert_int_equal(kernfs_xattr_set(f, "user.one-more", "v", 1, 0), 0);

	/* size: exactly 128 KiB fits, one byte more does not */
	assert_int_equal(kernfs_xattr_set(g, "user.a", big, 65536, 0), 0);
	assert_int_equal(kernfs_xattr_set(g, "user.b", big, 65536, 0), 0);
	assert_int_equal(kernfs_xattr_set(g, "user.c", "x", 1, 0), -ENOSPC);
	assert_int_equal(kernfs_xattr_get(g, "user.c", NULL, 0), -ENODATA);
	assert_int_equal(kernfs_xattr_set(g, "user.a", NULL, 0, 0), 0);
	assert_int_equal(kernfs_xattr_set(g, "user.c", "x", 1, 0), 0);
	assert_int_equal(kernfs_xattr_get(g, "user.b", NULL, 0), 65536);
	g_free(big);
	kernfs_destroy_root(root);
}

static bool list_has(const char *list, ssize_t len, const char *name)
{
	for (ssize_t i = 0; i < len; i += (ssize_t)strlen(list + i) + 1)
		if (!strcmp(list + i, name))
			return true;
	return false;
}

/*
 * §6 and fs/xattr.c: through the VFS, trusted.* needs root (set EPERM,
 * get ENODATA), user.* needs the inode permission (EACCES) and regular
 * files or directories; listxattr hides trusted.* from non-root.
 */
static void test_vfs_xattr_permissions(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL,
				KERNFS_ROOT_SUPPORT_USER_XATTR, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_caller user = kt_user(1000, 1000);
	struct kernfs_inode *ro, *rw, *mine, *ln;
	char buf[256];
	ssize_t n;

	kt_file(rn, "ro", 0644, &no_ops, NULL);
	kt_file(rn, "rw", 0666, &no_ops, NULL);
	KT_OK(kernfs_create_file_ns(rn, "mine", 0600, 1000, 1000, 0, &no_ops,
				    NULL, NULL));
	KT_OK(kernfs_create_link(rn, "ln", rn));
	ro = kt_lookup(kernfs_vfs_root(root), "ro");
	rw = kt_lookup(kernfs_vfs_root(root), "rw");
	mine = kt_lookup(kernfs_vfs_root(root), "mine");
	ln = kt_lookup(kernfs_vfs_root(root), "ln");

	assert_int_equal(kernfs_vfs_setxattr(ro, "trusted.t", "1", 1, 0, &kt_root), 0);
	assert_int_equal(kernfs_vfs_setxattr(ro, "trusted.t", "1", 1, 0, &user), -EPERM);
	assert_int_equal(kernfs_vfs_getxattr(ro, "trusted.t", buf, sizeof(buf), &user),
			 -ENODATA);
	assert_int_equal(kernfs_vfs_getxattr(ro, "trusted.t", buf, sizeof(buf), &kt_root), 1);

	/* user.*: write permission on the inode decides */
	assert_int_equal(kernfs_vfs_setxattr(ro, "user.u", "1", 1, 0, &user), -EACCES);
	assert_int_equal(kernfs_vfs_setxattr(rw, "user.u", "22", 2, 0, &user), 0);
	assert_int_equal(kernfs_vfs_setxattr(mine, "user.u", "333", 3, 0, &user), 0);
	assert_int_equal(kernfs_vfs_getxattr(rw, "user.u", buf, sizeof(buf), &user), 2);
	assert_int_equal(kernfs_vfs_getxattr(mine, "user.u", buf, sizeof(buf), &user), 3);
	/* not on symlinks */
	assert_int_equal(kernfs_vfs_setxattr(ln, "user.u", "1", 1, 0, &kt_root), -EPERM);
	assert_int_equal(kernfs_vfs_getxattr(ln, "user.u", buf, sizeof(buf), &kt_root),
			 -ENODATA);

	/* listxattr: size query, ERANGE, trusted only for root */
	assert_int_equal(kernfs_vfs_setxattr(ro, "user.v", "1", 1, 0, &kt_root), 0);
	n = kernfs_vfs_listxattr(ro, NULL, 0, &kt_root);
	assert_int_equal(n, (ssize_t)(sizeof("trusted.t") + sizeof("user.v")));
	assert_int_equal(kernfs_vfs_listxattr(ro, buf, (size_t)n - 1, &kt_root),
			 -ERANGE);
	assert_int_equal(kernfs_vfs_listxattr(ro, buf, sizeof(buf), &kt_root), n);
	assert_true(list_has(buf, n, "trusted.t"));
	assert_true(list_has(buf, n, "user.v"));
	n = kernfs_vfs_listxattr(ro, buf, sizeof(buf), &user);
	assert_int_equal(n, (ssize_t)sizeof("user.v"));
	assert_string_equal(buf, "user.v");

	kernfs_vfs_forget(ro, 1);
	kernfs_vfs_forget(rw, 1);
	kernfs_vfs_forget(mine, 1);
	kernfs_vfs_forget(ln, 1);
	kernfs_destroy_root(root);
}

/* §6/§13.2: KERNFS_ROOT_NO_XATTR answers like tracefs. */
static void test_no_xattr_root(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL,
				KERNFS_ROOT_NO_XATTR, NULL);
	struct kernfs_node *f = kt_file(kernfs_root_to_node(root), "f", 0644,
					&no_ops, NULL);
	struct kernfs_inode *ino = kt_lookup(kernfs_vfs_root(root), "f");
	char buf[32];

	assert_int_equal(kernfs_xattr_set(f, "trusted.a", "1", 1, 0), -EOPNOTSUPP);
	assert_int_equal(kernfs_xattr_get(f, "trusted.a", buf, sizeof(buf)),
			 -EOPNOTSUPP);
	assert_int_equal(kernfs_vfs_setxattr(ino, "user.a", "1", 1, 0, &kt_root),
			 -EOPNOTSUPP);
	assert_int_equal(kernfs_vfs_setxattr(ino, "security.a", "1", 1, 0, &kt_root),
			 -EOPNOTSUPP);
	assert_int_equal(kernfs_vfs_getxattr(ino, "user.a", buf, sizeof(buf), &kt_root),
			 -EOPNOTSUPP);
	assert_int_equal(kernfs_vfs_listxattr(ino, buf, sizeof(buf), &kt_root), 0);
	assert_int_equal(kernfs_vfs_listxattr(ino, NULL, 0, &kt_root), 0);
	assert_int_equal(kt_stats(root).nr_iattrs, 0);
	kernfs_vfs_forget(ino, 1);
	kernfs_destroy_root(root);
}

/* §1.3/§6: setting an xattr allocates iattrs (80 B in the kernel). */
static void test_xattr_allocates_iattrs(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *f = kt_file(kernfs_root_to_node(root), "f", 0644,
					&no_ops, NULL);
	char buf[4];

	assert_int_equal(kernfs_xattr_get(f, "trusted.a", buf, sizeof(buf)),
			 -ENODATA);
	assert_int_equal(kt_stats(root).nr_iattrs, 0);
	assert_int_equal(kernfs_xattr_set(f, "trusted.a", "1", 1, 0), 0);
	assert_int_equal(kt_stats(root).nr_iattrs, 1);
	kernfs_destroy_root(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trusted_security),
		cmocka_unit_test(test_user_limits),
		cmocka_unit_test(test_vfs_xattr_permissions),
		cmocka_unit_test(test_no_xattr_root),
		cmocka_unit_test(test_xattr_allocates_iattrs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
