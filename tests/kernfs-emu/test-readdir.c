// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-readdir.c - spec/kernfs.md §2.3: readdir positions (d_off), resume,
 * and resume after the cursor node went away.  Expected orders come from
 * the generated vectors (hash-vectors.c), not from the library's hash.
 */
#include "kfs-test.h"

struct fix {
	struct kernfs_root *root;
	struct kernfs_node *rn, *dir;
	struct kernfs_inode *dino;
};

static unsigned int vec_hash(const char *name)
{
	for (size_t i = 0; i < kt_nr_hash_vectors; i++)
		if (!kt_hash_vectors[i].ns &&
		    !strcmp(kt_hash_vectors[i].name, name))
			return kt_hash_vectors[i].hash;
	fail_msg("no vector for %s", name);
	return 0;
}

/* A directory "d" holding every vector name as a file. */
static int setup(void **state)
{
	struct fix *f = g_new0(struct fix, 1);

	f->root = kernfs_create_root(NULL, 0, NULL);
	f->rn = kernfs_root_to_node(f->root);
	f->dir = kt_dir(f->rn, "d");
	for (size_t i = 0; i < kt_nr_readdir_order; i++)
		kt_file(f->dir, kt_readdir_order[kt_nr_readdir_order - 1 - i],
			0444, NULL, NULL);
	f->dino = kt_lookup(kernfs_vfs_root(f->root), "d");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	kernfs_vfs_forget(f->dino, 1);
	kernfs_destroy_root(f->root);
	g_free(f);
	return 0;
}

/* §2.3 [LIVE]: "." -> 1, ".." -> first child's hash, each -> next hash. */
static void test_positions(void **state)
{
	struct fix *f = *state;
	struct kt_dirlist l;
	size_t n = kt_nr_readdir_order;

	kt_list(f->dino, &l);
	assert_int_equal(l.ents->len, n + 2);
	assert_int_equal(kt_ent(&l, 0)->next_pos, 1);
	assert_int_equal(kt_ent(&l, 0)->ino, kernfs_ino(f->dir));
	assert_int_equal(kt_ent(&l, 0)->type, KT_DT_DIR);
	assert_int_equal(kt_ent(&l, 1)->ino, kernfs_ino(f->rn));
	assert_int_equal(kt_ent(&l, 1)->type, KT_DT_DIR);
	assert_int_equal(kt_ent(&l, 1)->next_pos, vec_hash(kt_readdir_order[0]));
	for (size_t i = 0; i < n; i++) {
		struct kt_dirent *e = kt_ent(&l, i + 2);
		loff_t want = i + 1 < n ? vec_hash(kt_readdir_order[i + 1])
					: INT_MAX;

		assert_string_equal(e->name, kt_readdir_order[i]);
		assert_int_equal(e->next_pos, want);
	}
	kt_dirlist_free(&l);
}

/* §2.3: an empty directory: ".." is followed by the end (INT_MAX). */
static void test_empty_dir(void **state)
{
	struct fix *f = *state;
	struct kernfs_inode *e;
	struct kt_dirlist l;

	kt_dir(f->rn, "empty");
	e = kt_lookup(kernfs_vfs_root(f->root), "empty");
	kt_list(e, &l);
	assert_int_equal(l.ents->len, 2);
	assert_int_equal(kt_ent(&l, 0)->next_pos, 1);
	assert_int_equal(kt_ent(&l, 1)->next_pos, INT_MAX);
	kt_dirlist_free(&l);
	kernfs_vfs_forget(e, 1);
}

/* §2.3: starting at any emitted position continues exactly there. */
static void test_resume_at_positions(void **state)
{
	struct fix *f = *state;
	struct kernfs_vfs_dir *d;
	size_t n = kt_nr_readdir_order;

	assert_int_equal(kernfs_vfs_opendir(f->dino, &kt_root, &d), 0);
	for (size_t k = 0; k < n; k++) {
		struct kt_dirlist l;

		size_t first = k;

		/*
		 * A position is a hash: with colliding names it designates
		 * the group, and the kernel's descent may stop on any member
		 * (spec: "with hash collisions the resume point is ambiguous").
		 */
		while (first > 0 && vec_hash(kt_readdir_order[first - 1]) ==
				    vec_hash(kt_readdir_order[k]))
			first--;
		kt_dirlist_init(&l, 0);
		assert_int_equal(kernfs_vfs_readdir(d,
				vec_hash(kt_readdir_order[k]), kt_filldir, &l), 0);
		assert_true(l.ents->len >= n - k && l.ents->len <= n - first);
		assert_string_equal(kt_ent(&l, 0)->name,
				    kt_readdir_order[n - l.ents->len]);
		kt_dirlist_free(&l);
	}
	{
		struct kt_dirlist l;

		/* position 1 starts at "..", INT_MAX is the end */
		kt_dirlist_init(&l, 0);
		assert_int_equal(kernfs_vfs_readdir(d, 1, kt_filldir, &l), 0);
		assert_int_equal(l.ents->len, n + 1);
		assert_string_equal(kt_ent(&l, 0)->name, "..");
		kt_dirlist_free(&l);
		kt_dirlist_init(&l, 0);
		assert_int_equal(kernfs_vfs_readdir(d, INT_MAX, kt_filldir, &l), 0);
		assert_int_equal(l.ents->len, 0);
		kt_dirlist_free(&l);
	}
	kernfs_vfs_releasedir(d);
}

/*
 * §2.3: a full buffer (filldir returns non-zero) does not consume the
 * entry; reading on from the last next_pos yields the full listing.
 */
static void test_chunked_listing(void **state)
{
	struct fix *f = *state;
	struct kernfs_vfs_dir *d;
	g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func(g_free);
	loff_t pos = 0;

	assert_int_equal(kernfs_vfs_opendir(f->dino, &kt_root, &d), 0);
	for (int rounds = 0; rounds < 100; rounds++) {
		struct kt_dirlist l;

		kt_dirlist_init(&l, 3);
		assert_int_equal(kernfs_vfs_readdir(d, pos, kt_filldir, &l), 0);
		for (guint i = 0; i < l.ents->len; i++) {
			g_ptr_array_add(all, g_strdup(kt_ent(&l, i)->name));
			pos = kt_ent(&l, i)->next_pos;
		}
		if (!l.ents->len) {
			kt_dirlist_free(&l);
			break;
		}
		kt_dirlist_free(&l);
	}
	assert_int_equal(pos, INT_MAX);
	assert_int_equal(all->len, kt_nr_readdir_order + 2);
	for (size_t i = 0; i < kt_nr_readdir_order; i++)
		assert_string_equal(all->pdata[i + 2], kt_readdir_order[i]);
	kernfs_vfs_releasedir(d);
}

/*
 * §2.3 resume rules: list the first @k children, remove the child the
 * cursor stopped at (and optionally the last emitted one), then continue.
 * Nothing still present may be skipped; at most one entry (the one right
 * before the removed position) may be emitted twice.
 */
static void resume_after_removal(struct fix *f, size_t k, bool also_prev)
{
	struct kernfs_vfs_dir *d;
	struct kt_dirlist a, b;
	size_t n = kt_nr_readdir_order, dups = 0;
	loff_t pos;

	assert_int_equal(kernfs_vfs_opendir(f->dino, &kt_root, &d), 0);
	kt_dirlist_init(&a, k + 2);
	assert_int_equal(kernfs_vfs_readdir(d, 0, kt_filldir, &a), 0);
	assert_int_equal(a.ents->len, k + 2);
	pos = kt_ent(&a, k + 1)->next_pos;
	assert_int_equal(pos, vec_hash(kt_readdir_order[k]));

	assert_int_equal(kernfs_remove_by_name(f->dir, kt_readdir_order[k]), 0);
	if (also_prev && k > 0)
		assert_int_equal(kernfs_remove_by_name(f->dir,
					kt_readdir_order[k - 1]), 0);

	kt_dirlist_init(&b, 0);
	assert_int_equal(kernfs_vfs_readdir(d, pos, kt_filldir, &b), 0);
	for (guint i = 0; i < b.ents->len; i++) {
		const char *name = kt_ent(&b, i)->name;

		assert_string_not_equal(name, kt_readdir_order[k]);
		if (kt_find_ent(&a, name) >= 0) {
			/* only the nearest still-present predecessor, first */
			dups++;
			assert_int_equal(i, 0);
			assert_string_equal(name,
				kt_readdir_order[k - (also_prev ? 2 : 1)]);
		}
	}
	assert_true(dups <= 1);
	assert_int_equal(b.ents->len, n - k - 1 + dups);
	for (size_t j = k + 1; j < n; j++)
		assert_true(kt_find_ent(&b, kt_readdir_order[j]) >= 0);
	assert_int_equal(kt_ent(&b, b.ents->len - 1)->next_pos, INT_MAX);
	kt_dirlist_free(&a);
	kt_dirlist_free(&b);
	kernfs_vfs_releasedir(d);
}

static void test_resume_cursor_removed(void **state)
{
	resume_after_removal(*state, 5, false);
}

static void test_resume_cursor_and_prev_removed(void **state)
{
	resume_after_removal(*state, 12, true);
}

static void test_resume_cursor_first_removed(void **state)
{
	resume_after_removal(*state, 0, false);
}

/*
 * §2.3: positions are hashes, so after the cursor a new entry with a
 * larger hash is listed and one with a smaller hash is not.
 */
static void test_add_during_listing(void **state)
{
	struct fix *f = *state;
	struct kernfs_vfs_dir *d;
	struct kt_dirlist a, b;
	size_t k = 10;
	/* names from the vectors, removed and re-added around the cursor */
	const char *before = kt_readdir_order[2], *after = kt_readdir_order[20];

	assert_int_equal(kernfs_remove_by_name(f->dir, before), 0);
	assert_int_equal(kernfs_remove_by_name(f->dir, after), 0);
	assert_int_equal(kernfs_vfs_opendir(f->dino, &kt_root, &d), 0);
	kt_dirlist_init(&a, k + 2);
	assert_int_equal(kernfs_vfs_readdir(d, 0, kt_filldir, &a), 0);
	kt_file(f->dir, before, 0444, NULL, NULL);
	kt_file(f->dir, after, 0444, NULL, NULL);
	kt_dirlist_init(&b, 0);
	assert_int_equal(kernfs_vfs_readdir(d, kt_ent(&a, k + 1)->next_pos,
					    kt_filldir, &b), 0);
	assert_int_equal(kt_find_ent(&a, before), -1);
	assert_int_equal(kt_find_ent(&b, before), -1);
	assert_true(kt_find_ent(&b, after) >= 0);
	assert_int_equal(a.ents->len + b.ents->len, kt_nr_readdir_order + 2 - 1);
	kt_dirlist_free(&a);
	kt_dirlist_free(&b);
	kernfs_vfs_releasedir(d);
}

/* §2.3: readdir instantiates no inode; inactive nodes are not listed. */
static void test_no_inodes_and_inactive(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL,
				KERNFS_ROOT_CREATE_DEACTIVATED, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *a, *b, *c;
	struct kernfs_root_stats st0, st1;
	struct kt_dirlist l;

	kernfs_activate(rn);
	a = KT_OK(kernfs_create_file(rn, "a", 0444, 0, &kt_no_ops, NULL));
	b = kt_dir(rn, "b");
	c = KT_OK(kernfs_create_link(rn, "c", a));
	kernfs_activate(a);
	kernfs_activate(c);
	st0 = kt_stats(root);
	kt_list(kernfs_vfs_root(root), &l);
	st1 = kt_stats(root);
	assert_int_equal(st1.nr_inodes, st0.nr_inodes);
	/* b is not activated yet */
	assert_int_equal(l.ents->len, 4);
	assert_int_equal(kt_find_ent(&l, "b"), -1);
	assert_int_equal(kt_ent(&l, kt_find_ent(&l, "a"))->type, KT_DT_REG);
	assert_int_equal(kt_ent(&l, kt_find_ent(&l, "c"))->type, KT_DT_LNK);
	kt_dirlist_free(&l);
	kernfs_activate(b);
	kernfs_show(a, false);
	kt_list(kernfs_vfs_root(root), &l);
	assert_int_equal(l.ents->len, 4);
	assert_int_equal(kt_find_ent(&l, "a"), -1);
	assert_int_equal(kt_ent(&l, kt_find_ent(&l, "b"))->type, KT_DT_DIR);
	kt_dirlist_free(&l);
	kernfs_destroy_root(root);
}

/*
 * §2.3: removals between chunks, many rounds: every entry present for the
 * whole listing is emitted, none more than twice in total.
 */
static void test_removal_churn(void **state)
{
	struct fix *f = *state;
	struct kernfs_vfs_dir *d;
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) removed = g_hash_table_new(g_str_hash, g_str_equal);
	size_t n = kt_nr_readdir_order, dups = 0, step = 0;
	loff_t pos = 2;

	assert_int_equal(kernfs_vfs_opendir(f->dino, &kt_root, &d), 0);
	while (pos != INT_MAX) {
		struct kt_dirlist l;

		kt_dirlist_init(&l, 2);
		assert_int_equal(kernfs_vfs_readdir(d, pos, kt_filldir, &l), 0);
		assert_true(l.ents->len > 0);
		for (guint i = 0; i < l.ents->len; i++) {
			const char *nm = kt_ent(&l, i)->name;
			size_t idx;

			for (idx = 0; idx < n; idx++)
				if (!strcmp(kt_readdir_order[idx], nm))
					break;
			assert_true(idx < n);
			if (!g_hash_table_add(seen, (gpointer)kt_readdir_order[idx]))
				dups++;
			pos = kt_ent(&l, i)->next_pos;
		}
		kt_dirlist_free(&l);
		/* remove the entry at the cursor every other round */
		if (pos != INT_MAX && step++ % 2 == 0) {
			for (size_t j = 0; j < n; j++) {
				if (vec_hash(kt_readdir_order[j]) != (unsigned)pos)
					continue;
				if (g_hash_table_contains(removed, kt_readdir_order[j]))
					continue;
				assert_int_equal(kernfs_remove_by_name(f->dir,
						kt_readdir_order[j]), 0);
				g_hash_table_add(removed, (gpointer)kt_readdir_order[j]);
				break;
			}
		}
	}
	for (size_t j = 0; j < n; j++)
		if (!g_hash_table_contains(removed, kt_readdir_order[j]))
			assert_true(g_hash_table_contains(seen, kt_readdir_order[j]));
	assert_true(dups <= g_hash_table_size(removed));
	kernfs_vfs_releasedir(d);
}

/* §2.2/§2.3: opendir on a file is ENOTDIR. */
static void test_opendir_file(void **state)
{
	struct fix *f = *state;
	struct kernfs_inode *fi = kt_lookup(f->dino, kt_readdir_order[0]);
	struct kernfs_vfs_dir *d = NULL;

	assert_int_equal(kernfs_vfs_opendir(fi, &kt_root, &d), -ENOTDIR);
	kernfs_vfs_forget(fi, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_at_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chunked_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_cursor_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_cursor_and_prev_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_cursor_first_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_during_listing, setup, teardown),
		cmocka_unit_test(test_no_inodes_and_inactive),
		cmocka_unit_test_setup_teardown(test_removal_churn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_opendir_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
