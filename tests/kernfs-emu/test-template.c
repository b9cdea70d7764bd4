// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-template.c - template directories (kernfs-emu extension, the
 * eventfs scheme inside kernfs; template.h): lazy materialisation and
 * accounting, saved attributes, readdir order and index positions,
 * hiding callbacks, invalidation, ownership, nlink.
 */
#include "kfs-test.h"

static struct kernfs_root *root;
static struct kernfs_node *rn, *events;
static bool hide_id;
static const char *subs[4] = { "sub0", "sub1", "sub2", NULL };

static int show_name(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;

	seq_printf(sf, "%s in %s\n", of->kn->name, (const char *)of->kn->priv);
	return 0;
}

static const struct kernfs_ops file_ops = { .seq_show = show_name };

static int rw_cb(struct kernfs_node *dir, const char *name, umode_t *mode,
		 const struct kernfs_ops **ops, void **priv)
{
	*mode = 0644;
	*ops = &file_ops;
	return 1;
}

static int ro_cb(struct kernfs_node *dir, const char *name, umode_t *mode,
		 const struct kernfs_ops **ops, void **priv)
{
	*mode = 0444;
	*ops = &file_ops;
	return 1;
}

static int id_cb(struct kernfs_node *dir, const char *name, umode_t *mode,
		 const struct kernfs_ops **ops, void **priv)
{
	if (hide_id)
		return 0;
	*mode = 0444;
	*ops = &file_ops;
	*priv = "custom";
	return 1;
}

static const struct kernfs_template_entry leaf_entries[] = {
	{ "enable", rw_cb }, { "filter", rw_cb }, { "format", ro_cb },
	{ "id", id_cb },
};
static const struct kernfs_template leaf_tmpl = {
	.entries = leaf_entries, .nr_entries = G_N_ELEMENTS(leaf_entries),
};

static int sys_iter(struct kernfs_node *dir, size_t idx,
		    struct kernfs_template_subdir *out)
{
	size_t n = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++) {
		if (!subs[i])
			continue;
		if (n++ == idx) {
			out->name = subs[i];
			out->mode = 0755;
			out->tmpl = &leaf_tmpl;
			out->priv = (void *)subs[i];
			return 0;
		}
	}
	return -ENOENT;
}

static int sys_lookup(struct kernfs_node *dir, const char *name,
		      struct kernfs_template_subdir *out)
{
	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++) {
		if (subs[i] && !strcmp(subs[i], name)) {
			out->name = subs[i];
			out->mode = 0755;
			out->tmpl = &leaf_tmpl;
			out->priv = (void *)subs[i];
			return 0;
		}
	}
	return -ENOENT;
}

static const struct kernfs_template_entry sys_entries[] = {
	{ "enable", rw_cb }, { "filter", rw_cb },
};
static const struct kernfs_template sys_tmpl = {
	.entries = sys_entries, .nr_entries = G_N_ELEMENTS(sys_entries),
	.dir_iter = sys_iter, .dir_lookup = sys_lookup,
};

static int setup(void **state)
{
	root = kernfs_create_root(NULL, 0, NULL);
	rn = kernfs_root_to_node(root);
	events = kt_dir(rn, "events");
	hide_id = false;
	subs[0] = "sub0";
	subs[1] = "sub1";
	subs[2] = "sub2";
	subs[3] = NULL;
	return 0;
}

static int teardown(void **state)
{
	kernfs_destroy_root(root);
	return 0;
}

/*
 * 10,000 template dirs materialise no child; a lookup materialises only
 * that child; forget brings the accounting back to the byte.
 */
static void test_lazy_materialisation(void **state)
{
	struct kernfs_root_stats s0, s1, s2, s3;
	struct kernfs_inode *di, *fi;
	struct kernfs_node *kn;

	s0 = kt_stats(root);
	for (int i = 0; i < 10000; i++) {
		char name[16];

		snprintf(name, sizeof(name), "ev%d", i);
		kn = KT_OK(kernfs_create_template_dir(events, name, 0755, 0, 0,
						      &leaf_tmpl, "p"));
		assert_true(kn->flags & KERNFS_TEMPLATE);
	}
	s1 = kt_stats(root);
	assert_int_equal(s1.nr_dirs, s0.nr_dirs + 10000);
	assert_int_equal(s1.nr_files, 0);
	assert_int_equal(s1.nr_tmpl_children, 0);
	assert_int_equal(s1.nr_iattrs, 0);

	di = kt_walk(root, "events/ev5000");
	s2 = kt_stats(root);
	fi = kt_lookup(di, "filter");
	s3 = kt_stats(root);
	assert_int_equal(s3.nr_tmpl_children, 1);
	assert_int_equal(s3.nr_files, 1);
	assert_int_equal(s3.nr_inodes, s2.nr_inodes + 1);
	kn = kernfs_vfs_inode_node(fi);
	assert_true(kn->flags & KERNFS_TMPL_CHILD);
	assert_string_equal(kn->name, "filter");
	assert_int_equal(kt_stat(fi).st_mode, S_IFREG | 0644);
	kernfs_vfs_forget(fi, 1);
	s3 = kt_stats(root);
	assert_int_equal(s3.nr_tmpl_children, 0);
	assert_int_equal(s3.nr_files, 0);
	assert_int_equal(s3.nr_inodes, s2.nr_inodes);
	assert_int_equal(s3.bytes, s2.bytes);
	kernfs_vfs_forget(di, 1);
	assert_int_equal(kt_stats(root).bytes, s1.bytes);
}

/* A materialised file works like any kernfs file; priv preset to dir's. */
static void test_child_io(void **state)
{
	struct kernfs_inode *fi;
	struct kernfs_vfs_file *f;
	g_autoptr(GString) s = NULL;
	struct kernfs_root_stats st;

	KT_OK(kernfs_create_template_dir(events, "ev", 0755, 0, 0, &leaf_tmpl,
					 "evpriv"));
	fi = kt_walk(root, "events/ev/format");
	f = kt_open(fi, O_RDONLY);
	st = kt_stats(root);
	assert_int_equal(st.nr_tmpl_children, 1);
	assert_int_equal(st.nr_open_files, 1);
	s = kt_read_all(f, 7);
	assert_string_equal(s->str, "format in evpriv\n");
	kernfs_vfs_release(f);
	kernfs_vfs_forget(fi, 1);
	assert_int_equal(kt_stats(root).nr_tmpl_children, 0);
	fi = kt_walk(root, "events/ev/id");
	f = kt_open(fi, O_RDONLY);
	g_string_free(s, TRUE);
	s = kt_read_all(f, 100);
	assert_string_equal(s->str, "id in custom\n");
	kernfs_vfs_release(f);
	kernfs_vfs_forget(fi, 1);
}

/*
 * chmod of a child survives its eviction and costs one saved entry;
 * nothing else is kept.
 */
static void test_saved_attrs(void **state)
{
	struct kernfs_inode *fi;
	struct kernfs_root_stats s0, s1;
	struct iattr ia = { .ia_valid = ATTR_MODE, .ia_mode = S_IFREG | 0600 };
	struct stat st;

	KT_OK(kernfs_create_template_dir(events, "ev", 0755, 0, 0, &leaf_tmpl,
					 "p"));
	s0 = kt_stats(root);
	fi = kt_walk(root, "events/ev/enable");
	assert_int_equal(kernfs_vfs_setattr(fi, &ia, &kt_root, &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0600);
	kernfs_vfs_forget(fi, 1);
	s1 = kt_stats(root);
	assert_int_equal(s1.nr_tmpl_children, 0);
	assert_int_equal(s1.nr_saved_attrs, 1);
	assert_true(s1.bytes > s0.bytes);
	fi = kt_walk(root, "events/ev/enable");
	assert_int_equal(kt_stat(fi).st_mode, S_IFREG | 0600);
	kernfs_vfs_forget(fi, 1);
	fi = kt_walk(root, "events/ev/filter");
	assert_int_equal(kt_stat(fi).st_mode, S_IFREG | 0644);
	kernfs_vfs_forget(fi, 1);
	assert_int_equal(kt_stats(root).nr_saved_attrs, 1);
	assert_int_equal(kt_stats(root).bytes, s1.bytes);
}

/*
 * readdir: files in array order, then enumerated subdirs, then explicit
 * children in creation order; positions are indexes as in eventfs
 * (entry k after the dots is at position k + 2).
 */
static void test_readdir_order(void **state)
{
	static const char *const want[] = { "enable", "filter", "sub0", "sub1",
		"sub2", "zz-explicit", "aa-explicit" };
	struct kernfs_node *sys;
	struct kernfs_inode *si;
	struct kernfs_vfs_dir *d;
	struct kt_dirlist l;
	struct kernfs_root_stats st;

	sys = KT_OK(kernfs_create_template_dir(events, "sys", 0755, 0, 0,
					       &sys_tmpl, "sys"));
	kt_dir(sys, "zz-explicit");
	kt_dir(sys, "aa-explicit");
	si = kt_walk(root, "events/sys");
	kt_list(si, &l);
	assert_int_equal(l.ents->len, G_N_ELEMENTS(want) + 2);
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		struct kt_dirent *e = kt_ent(&l, i + 2);

		assert_string_equal(e->name, want[i]);
		assert_int_equal(e->type, i < 2 ? KT_DT_REG : KT_DT_DIR);
		assert_int_equal(e->next_pos, (loff_t)i + 3);
	}
	kt_dirlist_free(&l);
	st = kt_stats(root);
	assert_int_equal(st.nr_tmpl_children, 0);

	/* resume at an index */
	assert_int_equal(kernfs_vfs_opendir(si, &kt_root, &d), 0);
	kt_dirlist_init(&l, 0);
	assert_int_equal(kernfs_vfs_readdir(d, 5, kt_filldir, &l), 0);
	assert_int_equal(l.ents->len, G_N_ELEMENTS(want) - 3);
	assert_string_equal(kt_ent(&l, 0)->name, "sub1");
	kt_dirlist_free(&l);
	kernfs_vfs_releasedir(d);
	assert_int_equal(kt_stats(root).nr_tmpl_children, 0);
	kernfs_vfs_forget(si, 1);
}

/* Callbacks hide entries from readdir and lookup. */
static void test_hidden_entries(void **state)
{
	struct kernfs_inode *di, *x = NULL;
	struct kt_dirlist l;

	KT_OK(kernfs_create_template_dir(events, "ev", 0755, 0, 0, &leaf_tmpl,
					 "p"));
	di = kt_walk(root, "events/ev");
	hide_id = true;
	kt_list(di, &l);
	assert_int_equal(l.ents->len, 5);
	assert_int_equal(kt_find_ent(&l, "id"), -1);
	assert_string_equal(kt_ent(&l, 4)->name, "format");
	kt_dirlist_free(&l);
	assert_int_equal(kernfs_vfs_lookup(di, "id", &kt_root, &x, NULL),
			 -ENOENT);
	assert_int_equal(kernfs_vfs_lookup(di, "nope", &kt_root, &x, NULL),
			 -ENOENT);
	hide_id = false;
	x = kt_lookup(di, "id");
	kernfs_vfs_forget(x, 1);
	kernfs_vfs_forget(di, 1);
}

/*
 * kernfs_template_invalidate: open files of the gone child answer
 * ENODEV; attrs saved for it are dropped.
 */
static void test_invalidate(void **state)
{
	struct kernfs_node *sys;
	struct kernfs_inode *fi, *gi;
	struct kernfs_vfs_file *f;
	struct iattr ia = { .ia_valid = ATTR_MODE, .ia_mode = S_IFREG | 0600 };
	struct stat st;
	char buf[64];

	sys = KT_OK(kernfs_create_template_dir(events, "sys", 0755, 0, 0,
					       &sys_tmpl, "sys"));
	fi = kt_walk(root, "events/sys/sub1/format");
	f = kt_open(fi, O_RDONLY);
	gi = kt_walk(root, "events/sys/sub1/enable");
	assert_int_equal(kernfs_vfs_setattr(gi, &ia, &kt_root, &st), 0);
	kernfs_vfs_forget(gi, 1);
	assert_int_equal(kt_stats(root).nr_saved_attrs, 1);

	subs[1] = NULL;			/* the provider drops sub1 */
	kernfs_template_invalidate(sys, "sub1");
	assert_int_equal(kernfs_vfs_read(f, buf, sizeof(buf), 0, &kt_root),
			 -ENODEV);
	assert_int_equal(kt_stats(root).nr_saved_attrs, 0);
	kernfs_vfs_release(f);
	kernfs_vfs_forget(fi, 1);

	subs[1] = "sub1";		/* a new sub1 starts from defaults */
	gi = kt_walk(root, "events/sys/sub1/enable");
	assert_int_equal(kt_stat(gi).st_mode, S_IFREG | 0644);
	kernfs_vfs_forget(gi, 1);
	assert_int_equal(kt_stats(root).nr_tmpl_children, 0);
}

/* The VFS hears of listing changes of template dirs it has inodes for. */
static GArray *changed_dirs;

static void on_dir_changed(void *data, uint64_t dir_ino)
{
	g_array_append_val(changed_dirs, dir_ino);
}

static bool dir_reported(uint64_t ino)
{
	for (guint i = 0; i < changed_dirs->len; i++)
		if (g_array_index(changed_dirs, uint64_t, i) == ino)
			return true;
	return false;
}

static void test_listing_changes(void **state)
{
	static const struct kernfs_vfs_watch w = { .dir_changed = on_dir_changed };
	struct kernfs_node *sys;
	struct kernfs_inode *si, *s0i;
	uint64_t sys_ino, sub0_ino;

	sys = KT_OK(kernfs_create_template_dir(events, "sys", 0755, 0, 0,
					       &sys_tmpl, "sys"));
	changed_dirs = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	kernfs_vfs_set_watch(root, &w, NULL);

	/* nothing has an inode: nothing to tell */
	subs[3] = "sub3";
	kernfs_template_changed(sys, "");
	assert_int_equal(changed_dirs->len, 0);

	si = kt_walk(root, "events/sys");
	sys_ino = kt_stat(si).st_ino;
	s0i = kt_walk(root, "events/sys/sub0");
	sub0_ino = kt_stat(s0i).st_ino;
	/* materialising and evicting children is no listing change */
	kernfs_vfs_forget(kt_walk(root, "events/sys/sub1"), 1);
	assert_int_equal(changed_dirs->len, 0);

	kernfs_template_changed(sys, "");
	assert_int_equal(changed_dirs->len, 1);
	assert_true(dir_reported(sys_ino));
	kernfs_template_changed(sys, "sub0");
	assert_true(dir_reported(sub0_ino));
	/* a path that is not materialised, or not a directory */
	g_array_set_size(changed_dirs, 0);
	kernfs_template_changed(sys, "sub2");
	kernfs_template_changed(sys, "sub0/enable");
	kernfs_template_changed(sys, "nosuch/deeper");
	assert_int_equal(changed_dirs->len, 0);

	/* a child never looked up goes away: its parent's listing changed */
	subs[2] = NULL;
	kernfs_template_invalidate(sys, "sub2");
	assert_int_equal(changed_dirs->len, 1);
	assert_true(dir_reported(sys_ino));
	/* a materialised one too (reported by its removal) */
	g_array_set_size(changed_dirs, 0);
	subs[0] = NULL;
	kernfs_template_invalidate(sys, "sub0");
	assert_true(dir_reported(sys_ino));
	/* below a parent that is not there: nothing */
	g_array_set_size(changed_dirs, 0);
	kernfs_template_invalidate(sys, "sub2/enable");
	assert_int_equal(changed_dirs->len, 0);

	kernfs_vfs_forget(s0i, 1);
	kernfs_vfs_forget(si, 1);
	kernfs_vfs_set_watch(root, NULL, NULL);
	g_array_free(changed_dirs, TRUE);
}

/*
 * Ownership inside a template is the template's default owner (eventfs),
 * not the dynamic owner of an ownership source; template dirs: nlink 1.
 */
static void test_ownership_and_nlink(void **state)
{
	struct kernfs_node *src, *sys;
	struct kernfs_inode *si, *fi, *di;
	struct iattr ia = { .ia_valid = ATTR_UID | ATTR_GID, .ia_uid = 3000,
			    .ia_gid = 3000 };
	struct stat st;
	kgid_t g = 0;

	src = KT_OK(kernfs_create_dir_ns(rn, "src", 0755, 2000, 2000, NULL,
					 NULL));
	kernfs_set_owner_source(src, true);
	sys = KT_OK(kernfs_create_template_dir(src, "sys", 0750, 1000, 1001,
					       &sys_tmpl, "sys"));
	assert_int_equal(kernfs_template_owner(sys, &g), 1000);
	assert_int_equal(g, 1001);
	si = kt_walk(root, "src/sys");
	fi = kt_walk(root, "src/sys/sub0/format");
	di = kt_walk(root, "src/sys/sub0");
	st = kt_stat(fi);
	assert_int_equal(st.st_uid, 1000);
	assert_int_equal(st.st_gid, 1001);
	assert_int_equal(kernfs_template_owner(kernfs_vfs_inode_node(fi), &g),
			 1000);
	/* chown of the source does not reach into the template */
	assert_int_equal(kernfs_setattr(src, &ia), 0);
	assert_int_equal(kt_stat(fi).st_uid, 1000);
	assert_int_equal(kt_stat(di).st_uid, 1000);
	assert_int_equal(kt_stat(si).st_nlink, 1);
	assert_int_equal(kt_stat(di).st_nlink, 1);
	assert_int_equal(kt_stat(di).st_mode, S_IFDIR | 0755);
	assert_int_equal(kt_stat(si).st_mode, S_IFDIR | 0750);
	kernfs_vfs_forget(fi, 1);
	kernfs_vfs_forget(di, 1);
	kernfs_vfs_forget(si, 1);
}

/* Removal of a template dir with materialised children and open files. */
static void test_remove_template_dir(void **state)
{
	struct kernfs_node *sys;
	struct kernfs_inode *fi;
	struct kernfs_vfs_file *f;
	struct kernfs_root_stats s0;
	char buf[8];

	s0 = kt_stats(root);
	sys = KT_OK(kernfs_create_template_dir(events, "sys", 0755, 0, 0,
					       &sys_tmpl, "sys"));
	fi = kt_walk(root, "events/sys/sub2/filter");
	f = kt_open(fi, O_RDONLY);
	kernfs_remove(sys);
	assert_int_equal(kernfs_vfs_read(f, buf, sizeof(buf), 0, &kt_root),
			 -ENODEV);
	kernfs_vfs_release(f);
	kernfs_vfs_forget(fi, 1);
	assert_int_equal(kt_stats(root).nr_tmpl_children, 0);
	assert_int_equal(kt_stats(root).nr_dirs, s0.nr_dirs);
	assert_int_equal(kt_stats(root).bytes, s0.bytes);
}

/*
 * A provider reference on a materialised child (no inode left) must not
 * deadlock removal: the child goes under the tree lock, and with it the
 * last references on its materialised parents.
 */
static void test_remove_with_provider_ref(void **state)
{
	struct kernfs_node *sys, *filter;
	struct kernfs_inode *fi;
	struct kernfs_root_stats s0 = kt_stats(root);

	sys = KT_OK(kernfs_create_template_dir(events, "sys", 0755, 0, 0,
					       &sys_tmpl, "sys"));
	fi = kt_walk(root, "events/sys/sub1/filter");
	filter = kernfs_vfs_inode_node(fi);
	kernfs_get(filter);		/* the provider keeps the node */
	kernfs_vfs_forget(fi, 1);
	assert_int_equal(kt_stats(root).nr_tmpl_children, 2);
	kernfs_remove(sys);
	assert_int_equal(kt_stats(root).nr_tmpl_children, 2);
	kernfs_put(filter);		/* frees filter, then sub1 */
	assert_int_equal(kt_stats(root).nr_tmpl_children, 0);
	assert_int_equal(kt_stats(root).bytes, s0.bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_remove_with_provider_ref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lazy_materialisation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_io, setup, teardown),
		cmocka_unit_test_setup_teardown(test_saved_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readdir_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hidden_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalidate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listing_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ownership_and_nlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_template_dir, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
