// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-hash.c - spec/kernfs.md §2.1: kernfs_name_hash() and the order of
 * a directory's children, against vectors computed by gen-hash-vectors.py
 * (an independent model of the kernel's hash, verified on a live 6.18).
 */
#include "kfs-test.h"

/* §2.1: every vector, including the clamped ones (raw 0, 1, INT_MAX). */
static void test_name_hash_vectors(void **state)
{
	size_t clamped = 0;

	for (size_t i = 0; i < kt_nr_hash_vectors; i++) {
		const struct kt_hash_vec *v = &kt_hash_vectors[i];
		unsigned int h = kernfs_name_hash(v->name,
						  (const void *)(uintptr_t)v->ns);

		assert_int_equal(h, v->hash);
		assert_true(h >= 2 && h < INT_MAX);
		clamped += v->raw != v->hash;
	}
	assert_int_equal(clamped, 5);
}

/* §2.1: a node's hash field is the hash of its (name, ns). */
static void test_node_hash_field(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);

	for (size_t i = 0; i < kt_nr_readdir_order; i++) {
		const char *n = kt_readdir_order[i];
		struct kernfs_node *kn = KT_OK(kernfs_create_file(rn, n, 0444,
							0, &kt_no_ops, NULL));

		assert_int_equal(kn->hash, kernfs_name_hash(n, NULL));
		assert_string_equal(kn->name, n);
	}
	kernfs_destroy_root(root);
}

/*
 * §2.1/§2.3: readdir lists children by (hash, ns, strcmp(name)) whatever
 * the creation order; colliding names are ordered by strcmp.
 */
static void test_readdir_order_vectors(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kt_dirlist l;
	size_t n = kt_nr_readdir_order;

	/* create in reverse order, half dirs, half files */
	for (size_t i = n; i-- > 0;) {
		if (i % 2)
			kt_dir(rn, kt_readdir_order[i]);
		else
			kt_file(rn, kt_readdir_order[i], 0444, NULL, NULL);
	}
	kt_list(kernfs_vfs_root(root), &l);
	assert_int_equal(l.ents->len, n + 2);
	assert_string_equal(kt_ent(&l, 0)->name, ".");
	assert_string_equal(kt_ent(&l, 1)->name, "..");
	for (size_t i = 0; i < n; i++) {
		struct kt_dirent *e = kt_ent(&l, i + 2);
		struct kernfs_node *kn;

		assert_string_equal(e->name, kt_readdir_order[i]);
		kn = kernfs_find_and_get(rn, e->name);
		assert_non_null(kn);
		assert_int_equal(e->ino, kernfs_ino(kn));
		assert_int_equal(e->type, i % 2 ? KT_DT_DIR : KT_DT_REG);
		kernfs_put(kn);
	}
	kt_dirlist_free(&l);
	kernfs_destroy_root(root);
}

/* §2.1: colliding names coexist and are each found by name. */
static void test_collisions_coexist(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);

	assert_true(kt_nr_collisions >= 2);
	for (size_t i = 0; i < kt_nr_collisions; i++) {
		const char *a = kt_collisions[i][0], *b = kt_collisions[i][1];
		struct kernfs_node *kb = kt_dir(rn, b);
		struct kernfs_node *ka = kt_dir(rn, a);
		struct kernfs_node *f;

		assert_int_equal(ka->hash, kb->hash);
		f = kernfs_find_and_get(rn, a);
		assert_ptr_equal(f, ka);
		kernfs_put(f);
		f = kernfs_find_and_get(rn, b);
		assert_ptr_equal(f, kb);
		kernfs_put(f);
		/* duplicates of either are refused */
		KT_ERR(kernfs_create_dir(rn, a, 0755, NULL), EEXIST);
		KT_ERR(kernfs_create_file(rn, b, 0644, 0, &kt_no_ops, NULL), EEXIST);
		/* removing one leaves the other findable */
		assert_int_equal(kernfs_remove_by_name(rn, a), 0);
		assert_null(kernfs_find_and_get(rn, a));
		f = kernfs_find_and_get(rn, b);
		assert_ptr_equal(f, kb);
		kernfs_put(f);
	}
	kernfs_destroy_root(root);
}

/* §2.1/§4: EEXIST for any type of duplicate, the original untouched. */
static void test_duplicate_eexist(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *d = kt_dir(rn, "dup");
	struct kernfs_root_stats before, after;

	before = kt_stats(root);
	KT_ERR(kernfs_create_dir(rn, "dup", 0700, NULL), EEXIST);
	KT_ERR(kernfs_create_file(rn, "dup", 0600, 0, &kt_no_ops, NULL), EEXIST);
	KT_ERR(kernfs_create_link(rn, "dup", rn), EEXIST);
	KT_ERR(kernfs_create_empty_dir(rn, "dup"), EEXIST);
	after = kt_stats(root);
	/* the failed creations left nothing behind */
	assert_int_equal(after.nr_dirs, before.nr_dirs);
	assert_int_equal(after.nr_files, before.nr_files);
	assert_int_equal(after.nr_links, before.nr_links);
	assert_int_equal(after.bytes, before.bytes);
	assert_int_equal(d->mode, S_IFDIR | 0755);
	assert_int_equal(kt_stat(kernfs_vfs_root(root)).st_nlink, 3);
	kernfs_destroy_root(root);
}

/* §2.1: names differing only in bytes >= 0x80 are distinct. */
static void test_non_ascii_names(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	static const char *const names[] = { "\xc3\xa9", "\xc3\xa8", "\xff",
					     "\x80", "e" };
	struct kernfs_inode *ino;
	struct stat st;

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		kt_file(rn, names[i], 0444, NULL, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		struct kernfs_node *kn = kernfs_find_and_get(rn, names[i]);

		assert_non_null(kn);
		assert_string_equal(kn->name, names[i]);
		assert_int_equal(kn->hash, kernfs_name_hash(names[i], NULL));
		assert_int_equal(kernfs_vfs_lookup(kernfs_vfs_root(root),
					names[i], &kt_root, &ino, &st), 0);
		assert_int_equal(st.st_ino, kernfs_ino(kn));
		kernfs_vfs_forget(ino, 1);
		kernfs_put(kn);
	}
	kernfs_destroy_root(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_hash_vectors),
		cmocka_unit_test(test_node_hash_field),
		cmocka_unit_test(test_readdir_order_vectors),
		cmocka_unit_test(test_collisions_coexist),
		cmocka_unit_test(test_duplicate_eexist),
		cmocka_unit_test(test_non_ascii_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
