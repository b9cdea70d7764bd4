// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-vfs.c - spec/kernfs.md §2.2 (lookup, walk), §8 (directory
 * syscalls and the missing inode ops, as the VFS reports them) and §11
 * (the root inode, lookup counting).
 */
#include "kfs-test.h"

static struct kernfs_root *root;
static struct kernfs_node *rn;
static struct kernfs_inode *ri;
static const struct kernfs_ops no_ops;

/* syscall ops recording their calls */
static int mk_ret, rm_ret, mv_ret;
static GString *calls;

static int op_mkdir(struct kernfs_node *parent, const char *name, umode_t mode)
{
	struct kernfs_node *kn;

	g_string_append_printf(calls, "mkdir %s %o;", name, mode);
	if (mk_ret)
		return mk_ret;
	kn = kernfs_create_dir(parent, name, mode, NULL);
	return IS_ERR(kn) ? (int)PTR_ERR(kn) : 0;
}

static int op_rmdir(struct kernfs_node *kn)
{
	g_string_append_printf(calls, "rmdir %s;", kn->name);
	if (rm_ret)
		return rm_ret;
	/*
	 * The VFS holds an active reference on @kn during the op; removing
	 * it requires breaking that protection, as cgroup_rmdir() does.
	 */
	kernfs_get(kn);
	kernfs_break_active_protection(kn);
	kernfs_remove(kn);
	kernfs_unbreak_active_protection(kn);
	kernfs_put(kn);
	return 0;
}

static int op_rename(struct kernfs_node *kn, struct kernfs_node *np,
		     const char *name)
{
	g_string_append_printf(calls, "rename %s %s;", kn->name, name);
	if (mv_ret)
		return mv_ret;
	return kernfs_rename(kn, np, name);
}

static const struct kernfs_syscall_ops scops = {
	.mkdir = op_mkdir, .rmdir = op_rmdir, .rename = op_rename,
};

static int setup_with(const struct kernfs_syscall_ops *sc)
{
	root = kernfs_create_root(sc, 0, NULL);
	rn = kernfs_root_to_node(root);
	ri = kernfs_vfs_root(root);
	calls = g_string_new(NULL);
	mk_ret = rm_ret = mv_ret = 0;
	return 0;
}

static int setup(void **state)
{
	return setup_with(&scops);
}

static int setup_noops(void **state)
{
	return setup_with(NULL);
}

static int teardown(void **state)
{
	kernfs_destroy_root(root);
	g_string_free(calls, TRUE);
	return 0;
}

/* §2.2: lookup errors. */
static void test_lookup_errors(void **state)
{
	struct kernfs_inode *fi, *out = NULL;
	char longname[300];
	struct stat st;

	struct kernfs_node *locked;

	kt_file(rn, "f", 0644, &no_ops, NULL);
	locked = KT_OK(kernfs_create_dir_ns(rn, "locked", 0700, 0, 0, NULL,
					    NULL));
	kt_file(locked, "in", 0444, &no_ops, NULL);
	memset(longname, 'n', 256);
	longname[256] = '\0';
	assert_int_equal(kernfs_vfs_lookup(ri, "nope", &kt_root, &out, NULL),
			 -ENOENT);
	assert_int_equal(kernfs_vfs_lookup(ri, longname, &kt_root, &out, NULL),
			 -ENAMETOOLONG);
	longname[255] = '\0';
	assert_int_equal(kernfs_vfs_lookup(ri, longname, &kt_root, &out, NULL),
			 -ENOENT);
	assert_int_equal(kernfs_vfs_lookup(ri, "f", &kt_root, &fi, &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0644);
	assert_int_equal(kernfs_vfs_lookup(fi, "x", &kt_root, &out, NULL),
			 -ENOTDIR);
	kernfs_vfs_forget(fi, 1);
	/* search permission on the directory */
	{
		struct kernfs_caller u = kt_user(1000, 1000);
		struct kernfs_inode *li = kt_lookup(ri, "locked");

		assert_int_equal(kernfs_vfs_lookup(li, "in", &u, &out, NULL),
				 -EACCES);
		assert_int_equal(kernfs_vfs_lookup(li, "in", &kt_root, &out,
						   NULL), 0);
		kernfs_vfs_forget(out, 1);
		kernfs_vfs_forget(li, 1);
	}
}

/*
 * §2.2/§11: an inode per node, counted like nlookup; forget frees it.
 * The root inode is never forgotten.
 */
static void test_lookup_counting(void **state)
{
	struct kernfs_node *kn = kt_file(rn, "f", 0644, &no_ops, NULL);
	struct kernfs_inode *i1, *i2;
	size_t base = kt_stats(root).nr_inodes;

	i1 = kt_lookup(ri, "f");
	i2 = kt_lookup(ri, "f");
	assert_ptr_equal(i1, i2);
	assert_ptr_equal(kernfs_vfs_inode_node(i1), kn);
	assert_int_equal(kt_stats(root).nr_inodes, base + 1);
	assert_ptr_equal(kernfs_vfs_ilookup(root, kernfs_ino(kn)), i1);
	kernfs_vfs_forget(i1, 1);
	assert_ptr_equal(kernfs_vfs_ilookup(root, kernfs_ino(kn)), i1);
	kernfs_vfs_forget(i1, 1);
	assert_null(kernfs_vfs_ilookup(root, kernfs_ino(kn)));
	assert_int_equal(kt_stats(root).nr_inodes, base);
	/* several lookups dropped at once */
	for (int i = 0; i < 5; i++)
		i1 = kt_lookup(ri, "f");
	assert_int_equal(kernfs_vfs_forget(i1, 5), 5);
	assert_null(kernfs_vfs_ilookup(root, kernfs_ino(kn)));
	assert_ptr_equal(kernfs_vfs_ilookup(root, 1), ri);
	/* more than it held: what it held is dropped and reported */
	i1 = kt_lookup(ri, "f");
	i1 = kt_lookup(ri, "f");
	assert_int_equal(kernfs_vfs_forget(i1, 3), 2);
	assert_null(kernfs_vfs_ilookup(root, kernfs_ino(kn)));
	assert_int_equal(kt_stats(root).nr_inodes, base);
}

/* Unmount: every lookup of every inode but the root's goes at once. */
static void test_forget_all(void **state)
{
	struct kernfs_node *d = kt_dir(rn, "d"), *f;
	size_t base = kt_stats(root).nr_inodes;
	uint64_t inodes = 99;

	kt_file(d, "f", 0644, &no_ops, NULL);
	kt_lookup(ri, "d");
	kt_lookup(ri, "d");
	kt_walk(root, "d/f");	/* d/f held once, d's walk count dropped */
	kt_lookup(ri, "d");
	assert_int_equal(kt_stats(root).nr_inodes, base + 2);
	assert_int_equal(kernfs_vfs_forget_all(root, &inodes), 4);
	assert_int_equal(inodes, 2);
	assert_int_equal(kt_stats(root).nr_inodes, base);
	assert_ptr_equal(kernfs_vfs_ilookup(root, 1), ri);
	assert_int_equal(kernfs_vfs_forget_all(root, &inodes), 0);
	assert_int_equal(inodes, 0);
	/* the nodes themselves are still there */
	f = kernfs_find_and_get(d, "f");
	assert_non_null(f);
	kernfs_put(f);
}

/* §2.2: walk: empty components skipped, "." and ".." literal, PATH_MAX. */
static void test_walk(void **state)
{
	struct kernfs_node *a = kt_dir(rn, "a"), *b = kt_dir(a, "b"), *w;
	char *longpath = g_malloc(4200);

	w = kernfs_walk_and_get(rn, "//a///b/");
	assert_ptr_equal(w, b);
	kernfs_put(w);
	w = kernfs_walk_and_get(rn, "");
	assert_ptr_equal(w, rn);
	kernfs_put(w);
	assert_null(kernfs_walk_and_get(rn, "a/./b"));
	assert_null(kernfs_walk_and_get(rn, "a/b/.."));
	assert_null(kernfs_walk_and_get(rn, "a/nope"));
	memset(longpath, '/', 4200);
	memcpy(longpath + 4200 - 4, "a/b", 4);
	assert_null(kernfs_walk_and_get(rn, longpath));	/* >= PATH_MAX */
	memcpy(longpath + 4095 - 4, "a/b", 4);		/* 4093 bytes */
	w = kernfs_walk_and_get(rn, longpath + 4095 - 4094);
	assert_ptr_equal(w, b);
	kernfs_put(w);
	g_free(longpath);
}

/* §8: mkdir through the syscall op; errors. */
static void test_mkdir(void **state)
{
	struct kernfs_inode *out = NULL, *fi;
	struct stat st;
	struct kernfs_caller u = kt_user(1000, 1000);

	assert_int_equal(kernfs_vfs_mkdir(ri, "new", 0750, &kt_root, &out, &st), 0);
	assert_non_null(out);
	assert_int_equal(st.st_mode, S_IFDIR | 0750);
	assert_string_equal(calls->str, "mkdir new 750;");
	kernfs_vfs_forget(out, 1);
	assert_int_equal(kernfs_vfs_mkdir(ri, "new", 0750, &kt_root, &out, &st),
			 -EEXIST);
	mk_ret = -EBUSY;
	assert_int_equal(kernfs_vfs_mkdir(ri, "x", 0755, &kt_root, &out, &st),
			 -EBUSY);
	mk_ret = 0;
	/* root dir is 0555 root-owned: no write permission for a user */
	assert_int_equal(kernfs_vfs_mkdir(ri, "y", 0755, &u, &out, &st), -EACCES);
	kt_file(rn, "f", 0644, &no_ops, NULL);
	fi = kt_lookup(ri, "f");
	assert_int_equal(kernfs_vfs_mkdir(fi, "z", 0755, &kt_root, &out, &st),
			 -ENOTDIR);
	kernfs_vfs_forget(fi, 1);
}

/* §8: EPERM without the ops. */
static void test_no_syscall_ops(void **state)
{
	struct kernfs_inode *out = NULL;

	kt_dir(rn, "d");
	assert_int_equal(kernfs_vfs_mkdir(ri, "x", 0755, &kt_root, &out, NULL),
			 -EPERM);
	assert_int_equal(kernfs_vfs_rmdir(ri, "d", &kt_root), -EPERM);
	assert_int_equal(kernfs_vfs_rename(ri, "d", ri, "e", 0, &kt_root),
			 -EPERM);
}

/* §8: rmdir: the op decides (no emptiness check); "." and "..". */
static void test_rmdir(void **state)
{
	struct kernfs_node *d = kt_dir(rn, "d");
	struct kernfs_inode *di;

	kt_file(d, "busy", 0444, &no_ops, NULL);
	kt_file(rn, "f", 0444, &no_ops, NULL);
	di = kt_lookup(ri, "d");
	assert_int_equal(kernfs_vfs_rmdir(ri, "nope", &kt_root), -ENOENT);
	assert_int_equal(kernfs_vfs_rmdir(ri, "f", &kt_root), -ENOTDIR);
	assert_int_equal(kernfs_vfs_rmdir(di, ".", &kt_root), -EINVAL);
	assert_int_equal(kernfs_vfs_rmdir(di, "..", &kt_root), -ENOTEMPTY);
	rm_ret = -EBUSY;
	assert_int_equal(kernfs_vfs_rmdir(ri, "d", &kt_root), -EBUSY);
	rm_ret = 0;
	/* not empty, but kernfs leaves that to the op */
	assert_int_equal(kernfs_vfs_rmdir(ri, "d", &kt_root), 0);
	assert_string_equal(calls->str, "rmdir d;rmdir d;");
	assert_null(kernfs_find_and_get(rn, "d"));
	kernfs_vfs_forget(di, 1);
}

/* §8: rename: flags EINVAL, op result passed through. */
static void test_rename(void **state)
{
	struct kernfs_node *d = kt_dir(rn, "d"), *e = kt_dir(rn, "e");
	struct kernfs_inode *ei = kt_lookup(ri, "e");

	assert_int_equal(kernfs_vfs_rename(ri, "d", ri, "x", 1, &kt_root),
			 -EINVAL);
	assert_int_equal(kernfs_vfs_rename(ri, "nope", ri, "x", 0, &kt_root),
			 -ENOENT);
	mv_ret = -EXDEV;
	assert_int_equal(kernfs_vfs_rename(ri, "d", ri, "x", 0, &kt_root),
			 -EXDEV);
	mv_ret = 0;
	assert_int_equal(kernfs_vfs_rename(ri, "d", ei, "x", 0, &kt_root), 0);
	assert_ptr_equal(d->parent, e);
	assert_string_equal(d->name, "x");
	assert_string_equal(calls->str, "rename d x;rename d x;");
	kernfs_vfs_forget(ei, 1);
}

/* §8: ENODEV when the target node is no longer active. */
static void test_syscalls_enodev(void **state)
{
	struct kernfs_node *d = kt_dir(rn, "d");
	struct kernfs_inode *di = kt_lookup(ri, "d"), *out = NULL;

	kernfs_get(d);
	kernfs_remove(d);
	assert_int_equal(kernfs_vfs_mkdir(di, "x", 0755, &kt_root, &out, NULL),
			 -ENODEV);
	assert_string_equal(calls->str, "");
	kernfs_put(d);
	kernfs_vfs_forget(di, 1);
}

/* §8: unlink/create/mknod: kernfs has none of these ops. */
static void test_missing_inode_ops(void **state)
{
	struct kernfs_caller u = kt_user(1000, 1000);

	kt_dir(rn, "d");
	kt_file(rn, "f", 0644, &no_ops, NULL);
	assert_int_equal(kernfs_vfs_unlink(ri, "d", &kt_root), -EISDIR);
	assert_int_equal(kernfs_vfs_unlink(ri, "f", &kt_root), -EPERM);
	assert_int_equal(kernfs_vfs_unlink(ri, "nope", &kt_root), -ENOENT);
	assert_int_equal(kernfs_vfs_create(ri, "new", &kt_root), -EACCES);
	assert_int_equal(kernfs_vfs_create(ri, "f", &kt_root), -EEXIST);
	assert_int_equal(kernfs_vfs_create(ri, "new", &u), -EACCES);
	assert_int_equal(kernfs_vfs_mknod(ri, "new", &kt_root), -EPERM);
	assert_int_equal(kernfs_vfs_mknod(ri, "f", &kt_root), -EEXIST);
	assert_null(kernfs_find_and_get(rn, "new"));
}

/* §11: kernfs_root_priv, kernfs_root, the root node's attributes. */
static void test_root_object(void **state)
{
	int priv;
	struct kernfs_root *r2 = kernfs_create_root(NULL, 0, &priv);
	struct kernfs_node *n2 = kernfs_root_to_node(r2);
	struct stat st = kt_stat(kernfs_vfs_root(r2));

	assert_ptr_equal(kernfs_root_priv(r2), &priv);
	assert_ptr_equal(kernfs_root(n2), r2);
	assert_string_equal(n2->name, "");
	assert_null(n2->parent);
	assert_int_equal(n2->mode, S_IFDIR | 0555);
	assert_int_equal(st.st_mode, S_IFDIR | 0555);
	assert_int_equal(st.st_uid, 0);
	assert_int_equal(st.st_nlink, 2);
	assert_int_equal(kernfs_type(n2), KERNFS_DIR);
	kernfs_destroy_root(r2);
	kernfs_destroy_root(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookup_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_counting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forget_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_syscall_ops, setup_noops, teardown),
		cmocka_unit_test_setup_teardown(test_rmdir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syscalls_enodev, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_inode_ops, setup, teardown),
		cmocka_unit_test(test_root_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
