// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-attr.c - spec/kernfs.md §1.3 and §5: lazily allocated iattrs,
 * setattr permission rules (setattr_prepare), mode in kn->mode, size
 * ignored, timestamps, nlink, generic_permission.
 */
#include "kfs-test.h"

KT_ROOT_FIXTURE

static const struct kernfs_ops no_ops;

static struct kernfs_inode *lookup(const char *name)
{
	return kt_lookup(kernfs_vfs_root(root), name);
}

static int setattr(struct kernfs_inode *ino, unsigned int valid, umode_t mode,
		   uid_t uid, gid_t gid, const struct kernfs_caller *c)
{
	struct iattr ia = { .ia_valid = valid, .ia_mode = mode,
			    .ia_uid = uid, .ia_gid = gid };
	struct stat st;

	return kernfs_vfs_setattr(ino, &ia, c, &st);
}

static bool ts_eq(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static struct timespec wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts;
}

static bool ts_le(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec ||
	       (a.tv_sec == b.tv_sec && a.tv_nsec <= b.tv_nsec);
}

/* §1.3/§4: no iattrs for root-owned nodes; allocated for uid/gid != 0. */
static void test_iattrs_lazy(void **state)
{
	size_t base = kt_stats(root).nr_iattrs;
	struct kernfs_inode *ino;

	assert_int_equal(base, 0);
	for (int i = 0; i < 20; i++) {
		char n[8];

		snprintf(n, sizeof(n), "f%d", i);
		kt_file(rn, n, 0644, &no_ops, NULL);
	}
	kt_dir(rn, "d");
	KT_OK(kernfs_create_link(rn, "l", rn));
	assert_int_equal(kt_stats(root).nr_iattrs, 0);
	/* lookups, stat, readdir, open allocate none */
	ino = lookup("f0");
	kt_stat(ino);
	kernfs_vfs_release(kt_open(ino, O_RDONLY));
	kernfs_vfs_forget(ino, 1);
	assert_int_equal(kt_stats(root).nr_iattrs, 0);

	KT_OK(kernfs_create_file_ns(rn, "u", 0644, 1000, 0, 0, &no_ops, NULL,
				    NULL));
	assert_int_equal(kt_stats(root).nr_iattrs, 1);
	KT_OK(kernfs_create_dir_ns(rn, "g", 0755, 0, 1000, NULL, NULL));
	assert_int_equal(kt_stats(root).nr_iattrs, 2);
	ino = lookup("u");
	assert_int_equal(kt_stat(ino).st_uid, 1000);
	assert_int_equal(kt_stat(ino).st_gid, 0);
	kernfs_vfs_forget(ino, 1);
	ino = lookup("g");
	assert_int_equal(kt_stat(ino).st_gid, 1000);
	kernfs_vfs_forget(ino, 1);
}

/* §5.1: chmod goes to kn->mode; any setattr allocates iattrs. */
static void test_chmod_to_mode(void **state)
{
	struct kernfs_node *kn = kt_file(rn, "f", 0644, &no_ops, NULL);
	struct kernfs_inode *ino = lookup("f");
	struct timespec t0 = wall();
	struct stat st;

	assert_int_equal(setattr(ino, ATTR_MODE, S_IFREG | 0600, 0, 0, &kt_root), 0);
	assert_int_equal(kn->mode, S_IFREG | 0600);
	st = kt_stat(ino);
	assert_int_equal(st.st_mode, S_IFREG | 0600);
	assert_int_equal(kt_stats(root).nr_iattrs, 1);
	/* §5.4: defaults of new iattrs: root:root, times = now */
	assert_int_equal(st.st_uid, 0);
	assert_int_equal(st.st_gid, 0);
	assert_true(ts_le(t0, st.st_mtim));
	assert_true(ts_le(st.st_mtim, wall()));
	kernfs_vfs_forget(ino, 1);
}

/* §5.1: setattr_prepare permission rules. */
static void test_setattr_permissions(void **state)
{
	const gid_t groups[] = { 2000 };
	struct kernfs_caller owner = kt_user(1000, 1000);
	struct kernfs_caller other = kt_user(1001, 1001);
	struct kernfs_inode *rf, *of;

	owner.ngroups = 1;
	owner.groups = groups;
	kt_file(rn, "rootf", 0666, &no_ops, NULL);
	KT_OK(kernfs_create_file_ns(rn, "own", 0644, 1000, 1000, 0, &no_ops,
				    NULL, NULL));
	rf = lookup("rootf");
	of = lookup("own");
	/* chmod: owner or root only */
	assert_int_equal(setattr(rf, ATTR_MODE, S_IFREG | 0600, 0, 0, &owner),
			 -EPERM);
	assert_int_equal(setattr(of, ATTR_MODE, S_IFREG | 0600, 0, 0, &owner), 0);
	assert_int_equal(setattr(of, ATTR_MODE, S_IFREG | 0644, 0, 0, &other),
			 -EPERM);
	assert_int_equal(kt_stat(of).st_mode, S_IFREG | 0600);
	/* chown: only root; chown to yourself by the owner is a no-op ok */
	assert_int_equal(setattr(of, ATTR_UID, 0, 1001, 0, &owner), -EPERM);
	assert_int_equal(setattr(of, ATTR_UID, 0, 1000, 0, &owner), 0);
	assert_int_equal(setattr(of, ATTR_UID, 0, 1001, 0, &kt_root), 0);
	assert_int_equal(kt_stat(of).st_uid, 1001);
	assert_int_equal(setattr(of, ATTR_UID, 0, 1000, 0, &kt_root), 0);
	/* chgrp: owner to a group he is in (primary or supplementary) */
	assert_int_equal(setattr(of, ATTR_GID, 0, 0, 2000, &owner), 0);
	assert_int_equal(kt_stat(of).st_gid, 2000);
	assert_int_equal(setattr(of, ATTR_GID, 0, 0, 1000, &owner), 0);
	assert_int_equal(setattr(of, ATTR_GID, 0, 0, 3000, &owner), -EPERM);
	assert_int_equal(setattr(of, ATTR_GID, 0, 0, 1001, &other), -EPERM);
	assert_int_equal(setattr(rf, ATTR_GID, 0, 0, 1000, &owner), -EPERM);
	assert_int_equal(kt_stat(of).st_gid, 1000);
	kernfs_vfs_forget(rf, 1);
	kernfs_vfs_forget(of, 1);
}

/* §5.1: utimes: explicit times need ownership, "now" write permission. */
static void test_utimes_permissions(void **state)
{
	struct kernfs_caller other = kt_user(1001, 1001);
	struct kernfs_inode *w, *r;
	struct iattr now = { .ia_valid = ATTR_ATIME | ATTR_MTIME | ATTR_CTIME };
	struct iattr set = { .ia_valid = ATTR_ATIME | ATTR_MTIME | ATTR_CTIME |
			     ATTR_ATIME_SET | ATTR_MTIME_SET,
			     .ia_atime = { 1000, 1 }, .ia_mtime = { 2000, 2 },
			     .ia_ctime = { 3000, 3 } };
	struct stat st;

	kt_file(rn, "w", 0666, &no_ops, NULL);
	kt_file(rn, "r", 0644, &no_ops, NULL);
	w = lookup("w");
	r = lookup("r");
	now.ia_atime = now.ia_mtime = now.ia_ctime = wall();
	assert_int_equal(kernfs_vfs_setattr(w, &now, &other, &st), 0);
	assert_int_equal(kernfs_vfs_setattr(r, &now, &other, &st), -EACCES);
	assert_int_equal(kernfs_vfs_setattr(w, &set, &other, &st), -EPERM);
	assert_int_equal(kernfs_vfs_setattr(r, &set, &kt_root, &st), 0);
	st = kt_stat(r);
	assert_int_equal(st.st_mtim.tv_sec, 2000);
	assert_int_equal(st.st_mtim.tv_nsec, 2);
	assert_int_equal(st.st_atim.tv_sec, 1000);
	kernfs_vfs_forget(w, 1);
	kernfs_vfs_forget(r, 1);
}

/*
 * §5.1: truncate is ignored; with KERNFS_ROOT_INODE_SIZE (extension) the
 * size sticks while the inode lives.
 */
static void test_size_ignored(void **state)
{
	struct kernfs_root *r2 = kernfs_create_root(NULL,
				KERNFS_ROOT_INODE_SIZE, NULL);
	struct kernfs_inode *a, *b;

	kt_file(rn, "f", 0644, &no_ops, NULL);
	kt_file(kernfs_root_to_node(r2), "f", 0644, &no_ops, NULL);
	a = lookup("f");
	b = kt_lookup(kernfs_vfs_root(r2), "f");
	assert_int_equal(setattr(a, ATTR_SIZE, 0, 0, 0, &kt_root), 0);
	assert_int_equal(kt_stat(a).st_size, 4096);
	{
		struct iattr ia = { .ia_valid = ATTR_SIZE, .ia_size = 10 };
		struct stat st;

		assert_int_equal(kernfs_vfs_setattr(b, &ia, &kt_root, &st), 0);
		assert_int_equal(st.st_size, 10);
	}
	assert_int_equal(kt_stat(b).st_size, 10);
	kernfs_vfs_forget(b, 1);
	b = kt_lookup(kernfs_vfs_root(r2), "f");
	assert_int_equal(kt_stat(b).st_size, 4096);
	kernfs_vfs_forget(b, 1);
	kernfs_vfs_forget(a, 1);
	kernfs_destroy_root(r2);
}

/* Stat @name through a new lookup, then forget it: the inode is evicted. */
static struct stat stat_evicted(const char *name)
{
	struct kernfs_inode *ino = lookup(name);
	struct stat st = kt_stat(ino);

	kernfs_vfs_forget(ino, 1);
	return st;
}

/*
 * §1.3: without iattrs the times are those of the inode's instantiation
 * (new after eviction); with iattrs they persist.
 */
static void test_timestamps_persistence(void **state)
{
	struct kernfs_inode *ino;
	struct stat s1, s2;

	kt_file(rn, "plain", 0644, &no_ops, NULL);
	kt_file(rn, "attr", 0644, &no_ops, NULL);
	s1 = stat_evicted("plain");
	kt_msleep(20);
	s2 = stat_evicted("plain");
	assert_false(ts_eq(s1.st_mtim, s2.st_mtim));
	assert_true(ts_le(s1.st_mtim, s2.st_mtim));

	ino = lookup("attr");
	assert_int_equal(setattr(ino, ATTR_MODE, S_IFREG | 0640, 0, 0, &kt_root), 0);
	s1 = kt_stat(ino);
	kernfs_vfs_forget(ino, 1);
	kt_msleep(20);
	s2 = stat_evicted("attr");
	assert_true(ts_eq(s1.st_mtim, s2.st_mtim));
	assert_true(ts_eq(s1.st_ctim, s2.st_ctim));
	assert_int_equal(s2.st_mode, S_IFREG | 0640);
}

/* §1.3: parent times follow child add/remove only with iattrs. */
static void test_parent_times(void **state)
{
	struct kernfs_node *p = kt_dir(rn, "p"), *q = kt_dir(rn, "q");
	struct kernfs_inode *pi = lookup("p"), *qi = lookup("q");
	struct iattr old = { .ia_valid = ATTR_MTIME | ATTR_CTIME | ATTR_MTIME_SET,
			     .ia_mtime = { 1000, 0 }, .ia_ctime = { 1000, 0 } };
	struct stat st, q0;

	assert_int_equal(kernfs_setattr(p, &old), 0);
	q0 = kt_stat(qi);
	kt_msleep(5);
	kt_file(p, "c", 0444, &no_ops, NULL);
	kt_file(q, "c", 0444, &no_ops, NULL);
	st = kt_stat(pi);
	assert_true(st.st_mtim.tv_sec > 1000);
	assert_true(st.st_ctim.tv_sec > 1000);
	assert_true(ts_eq(kt_stat(qi).st_mtim, q0.st_mtim));
	/* removal too */
	assert_int_equal(kernfs_setattr(p, &old), 0);
	assert_int_equal(kernfs_remove_by_name(p, "c"), 0);
	assert_int_equal(kernfs_remove_by_name(q, "c"), 0);
	assert_true(kt_stat(pi).st_mtim.tv_sec > 1000);
	assert_true(ts_eq(kt_stat(qi).st_mtim, q0.st_mtim));
	kernfs_vfs_forget(pi, 1);
	kernfs_vfs_forget(qi, 1);
}

/* §2.1/§5.2: nlink = subdirs + 2; files and links do not count. */
static void test_nlink(void **state)
{
	struct kernfs_node *d = kt_dir(rn, "d"), *s;
	struct kernfs_inode *di = lookup("d"), *fi;

	assert_int_equal(kt_stat(di).st_nlink, 2);
	s = kt_dir(d, "s1");
	kt_dir(d, "s2");
	kt_dir(d, "s3");
	kt_file(d, "f", 0444, &no_ops, NULL);
	KT_OK(kernfs_create_link(d, "l", s));
	assert_int_equal(kt_stat(di).st_nlink, 5);
	kernfs_remove(s);
	assert_int_equal(kt_stat(di).st_nlink, 4);
	assert_int_equal(kt_stat(kernfs_vfs_root(root)).st_nlink, 3);
	fi = kt_lookup(di, "f");
	assert_int_equal(kt_stat(fi).st_nlink, 1);
	assert_int_equal(kt_stat(fi).st_size, 4096);
	assert_int_equal(kt_stat(di).st_size, 0);
	assert_int_equal(kt_stat(fi).st_blksize, 4096);
	kernfs_vfs_forget(fi, 1);
	kernfs_vfs_forget(di, 1);
}

/* §5.2: kernel-side kernfs_setattr is seen by the live inode at once. */
static void test_kernel_setattr_wins(void **state)
{
	struct kernfs_node *kn = kt_file(rn, "f", 0644, &no_ops, NULL);
	struct kernfs_inode *ino = lookup("f");
	struct iattr ia = { .ia_valid = ATTR_MODE | ATTR_UID | ATTR_GID |
			    ATTR_SIZE, .ia_mode = S_IFREG | 0400,
			    .ia_uid = 5, .ia_gid = 6, .ia_size = 1 };
	struct stat st;

	assert_int_equal(kernfs_setattr(kn, &ia), 0);
	st = kt_stat(ino);
	assert_int_equal(st.st_mode, S_IFREG | 0400);
	assert_int_equal(st.st_uid, 5);
	assert_int_equal(st.st_gid, 6);
	assert_int_equal(st.st_size, 4096);
	assert_int_equal(kernfs_node_owner(kn), 5);
	assert_int_equal(kernfs_node_group(kn), 6);
	assert_int_equal(kernfs_node_owner(NULL), 0);
	assert_int_equal(kernfs_node_group(NULL), 0);
	kernfs_vfs_forget(ino, 1);
}

/* §5.3: generic_permission with owner/group/other classes and root. */
static void test_permission(void **state)
{
	const gid_t sup[] = { 2000 };
	struct kernfs_caller own = kt_user(1000, 1000);
	struct kernfs_caller grp = kt_user(1001, 1001);
	struct kernfs_caller oth = kt_user(1002, 1002);
	struct kernfs_inode *f, *g, *d, *x;

	grp.ngroups = 1;
	grp.groups = sup;
	KT_OK(kernfs_create_file_ns(rn, "f", 0640, 1000, 2000, 0, &no_ops,
				    NULL, NULL));
	KT_OK(kernfs_create_file_ns(rn, "g", 0077, 1000, 2000, 0, &no_ops,
				    NULL, NULL));
	KT_OK(kernfs_create_dir_ns(rn, "d", 0000, 0, 0, NULL, NULL));
	kt_file(rn, "x", 0100, &no_ops, NULL);
	f = lookup("f");
	g = lookup("g");
	d = lookup("d");
	x = lookup("x");
	assert_int_equal(kernfs_vfs_permission(f, KERNFS_MAY_READ | KERNFS_MAY_WRITE, &own), 0);
	assert_int_equal(kernfs_vfs_permission(f, KERNFS_MAY_EXEC, &own), -EACCES);
	assert_int_equal(kernfs_vfs_permission(f, KERNFS_MAY_READ, &grp), 0);
	assert_int_equal(kernfs_vfs_permission(f, KERNFS_MAY_WRITE, &grp), -EACCES);
	assert_int_equal(kernfs_vfs_permission(f, KERNFS_MAY_READ, &oth), -EACCES);
	/* the owner class decides for the owner, even when others may */
	assert_int_equal(kernfs_vfs_permission(g, KERNFS_MAY_READ, &own), -EACCES);
	assert_int_equal(kernfs_vfs_permission(g, KERNFS_MAY_READ, &oth), 0);
	/* root: read/write always; exec on files only if some x bit is set */
	assert_int_equal(kernfs_vfs_permission(f, KERNFS_MAY_READ | KERNFS_MAY_WRITE, &kt_root), 0);
	assert_int_equal(kernfs_vfs_permission(f, KERNFS_MAY_EXEC, &kt_root), -EACCES);
	assert_int_equal(kernfs_vfs_permission(x, KERNFS_MAY_EXEC, &kt_root), 0);
	assert_int_equal(kernfs_vfs_permission(d, KERNFS_MAY_EXEC | KERNFS_MAY_READ | KERNFS_MAY_WRITE, &kt_root), 0);
	assert_int_equal(kernfs_vfs_permission(d, KERNFS_MAY_EXEC, &oth), -EACCES);
	kernfs_vfs_forget(f, 1);
	kernfs_vfs_forget(g, 1);
	kernfs_vfs_forget(d, 1);
	kernfs_vfs_forget(x, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_iattrs_lazy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chmod_to_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_setattr_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utimes_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timestamps_persistence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parent_times, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_setattr_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permission, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
