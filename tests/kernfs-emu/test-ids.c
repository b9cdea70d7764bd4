// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-ids.c - spec/kernfs.md §1.1/§1.2: node ids.  The cyclic IDR hands
 * out low ids from 1 to INT_MAX; the high 32 bits ("generation") grow by
 * one each time the allocator wraps; a live id is never handed out twice.
 * Per the header, ino = low 32 bits and generation = high 32 bits.
 */
#include "kfs-test.h"

/*
 * §1.2: the root node gets ino 1, then inos are sequential.  The header
 * splits the id as the kernel does on 32-bit (ino = low bits, generation =
 * high bits), and in that model id_highbits starts at 1 ("the starting
 * value for both ino and generation is 1"), so the first generation is 1.
 */
static void test_root_ino_and_sequence(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *a, *b, *c;
	struct stat st;
	uint32_t gen = 99;

	assert_int_equal(kernfs_ino(rn), 1);
	assert_int_equal(kernfs_gen(rn), 1);
	a = kt_dir(rn, "a");
	b = kt_file(rn, "b", 0444, NULL, NULL);
	c = KT_OK(kernfs_create_link(rn, "c", a));
	assert_int_equal(kernfs_ino(a), 2);
	assert_int_equal(kernfs_ino(b), 3);
	assert_int_equal(kernfs_ino(c), 4);
	/* §11: the root inode is number 1 */
	assert_int_equal(kernfs_vfs_getattr(kernfs_vfs_root(root), &st, &gen), 0);
	assert_int_equal(st.st_ino, 1);
	assert_int_equal(gen, 1);
	assert_ptr_equal(kernfs_vfs_inode_node(kernfs_vfs_root(root)), rn);
	assert_ptr_equal(kernfs_vfs_ilookup(root, 1), kernfs_vfs_root(root));
	kernfs_destroy_root(root);
}

/* §1.2: a removed node's id is not reused before the allocator wraps. */
static void test_no_reuse_before_wrap(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *a = kt_dir(rn, "a");
	uint64_t id = a->id;
	struct kernfs_node *b;

	kernfs_remove(a);
	b = kt_dir(rn, "b");
	assert_int_equal(kernfs_ino(b), (uint32_t)id + 1);
	kernfs_destroy_root(root);
}

/*
 * §1.1: after INT_MAX the allocator wraps to the lowest free id >= 1 and
 * the generation is bumped; live ids (1, 2, 4) are skipped.
 */
static void test_wrap_bumps_generation(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *a, *b, *c, *x, *y, *z, *w;
	struct kernfs_inode *yi;
	struct stat st;
	uint32_t gen;

	a = kt_dir(rn, "a");		/* 2 */
	b = kt_dir(rn, "b");		/* 3 */
	c = kt_dir(rn, "c");		/* 4 */
	assert_int_equal(kernfs_ino(b), 3);
	kernfs_remove(b);		/* frees 3 */

	kernfs_test_set_next_id(root, INT_MAX - 1, 7);
	x = kt_dir(rn, "x");
	assert_int_equal(kernfs_ino(x), INT_MAX - 1);
	assert_int_equal(kernfs_gen(x), 7);
	y = kt_dir(rn, "y");
	assert_int_equal(kernfs_ino(y), INT_MAX);
	assert_int_equal(kernfs_gen(y), 7);
	z = kt_dir(rn, "z");		/* wraps: 1 and 2 are live, 3 free */
	assert_int_equal(kernfs_ino(z), 3);
	assert_int_equal(kernfs_gen(z), 8);
	w = kt_dir(rn, "w");		/* 4 is live (c) */
	assert_int_equal(kernfs_ino(w), 5);
	assert_int_equal(kernfs_gen(w), 8);
	assert_int_not_equal(kernfs_ino(w), kernfs_ino(c));
	assert_int_not_equal(kernfs_ino(z), kernfs_ino(a));

	/* getattr reports ino and generation */
	assert_int_equal(kernfs_vfs_lookup(kernfs_vfs_root(root), "z",
					   &kt_root, &yi, NULL), 0);
	assert_int_equal(kernfs_vfs_getattr(yi, &st, &gen), 0);
	assert_int_equal(st.st_ino, 3);
	assert_int_equal(gen, 8);
	assert_ptr_equal(kernfs_vfs_ilookup(root, 3), yi);
	kernfs_vfs_forget(yi, 1);
	kernfs_destroy_root(root);
}

/* §1.2: many live nodes across a wrap: all inos stay distinct. */
static void test_unique_among_live(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	g_autoptr(GHashTable) inos = g_hash_table_new(g_int64_hash,
						      g_int64_equal);
	g_autoptr(GPtrArray) nodes = g_ptr_array_new();
	gint64 *keys = g_new(gint64, 600);
	size_t nk = 0;

	for (int i = 0; i < 200; i++) {
		char name[16];

		snprintf(name, sizeof(name), "n%d", i);
		g_ptr_array_add(nodes, kt_file(rn, name, 0444, NULL, NULL));
	}
	/* free every third one, then wrap in the middle of the next batch */
	for (guint i = 0; i < nodes->len; i += 3)
		kernfs_remove(nodes->pdata[i]);
	kernfs_test_set_next_id(root, INT_MAX - 50, 0);
	for (int i = 0; i < 200; i++) {
		char name[16];

		snprintf(name, sizeof(name), "m%d", i);
		kt_file(rn, name, 0444, NULL, NULL);
	}
	for (guint i = 0; i < nodes->len; i++)
		if (i % 3)
			keys[nk++] = (gint64)kernfs_ino(nodes->pdata[i]);
	for (int i = 0; i < 200; i++) {
		char name[16];
		struct kernfs_node *kn;

		snprintf(name, sizeof(name), "m%d", i);
		kn = kernfs_find_and_get(rn, name);
		keys[nk++] = (gint64)kernfs_ino(kn);
		assert_int_equal(kernfs_gen(kn), i < 51 ? 0 : 1);
		kernfs_put(kn);
	}
	keys[nk++] = 1;
	for (size_t i = 0; i < nk; i++)
		assert_true(g_hash_table_add(inos, &keys[i]));
	g_free(keys);
	kernfs_destroy_root(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_ino_and_sequence),
		cmocka_unit_test(test_no_reuse_before_wrap),
		cmocka_unit_test(test_wrap_bumps_generation),
		cmocka_unit_test(test_unique_among_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
