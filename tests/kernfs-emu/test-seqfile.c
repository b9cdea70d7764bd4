// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-seqfile.c - spec/kernfs.md §7.3 (seq_file read path): reads at odd
 * offsets and sizes, regeneration on pread, buffer growth for records
 * over 4096 bytes, custom seq_start/next/stop iterators, SEQ_SKIP, errors.
 */
#include "kfs-test.h"

static struct kernfs_root *root;
static struct kernfs_node *rn;
static atomic_int shows;

static int setup(void **state)
{
	root = kernfs_create_root(NULL, 0, NULL);
	rn = kernfs_root_to_node(root);
	shows = 0;
	return 0;
}

static int teardown(void **state)
{
	kernfs_destroy_root(root);
	return 0;
}

static struct kernfs_vfs_file *open_file(const char *name, int flags,
					 struct kernfs_inode **ino)
{
	*ino = kt_lookup(kernfs_vfs_root(root), name);
	return kt_open(*ino, flags);
}

static void close_file(struct kernfs_vfs_file *f, struct kernfs_inode *ino)
{
	kernfs_vfs_release(f);
	kernfs_vfs_forget(ino, 1);
}

/*
 * A single-record file whose text changes on every generation, so that a
 * regeneration is visible: "gen N\n" then 200 bytes of pattern.
 */
static void *seen_v;

static int gen_show(struct seq_file *sf, void *v)
{
	int n = ++shows;

	seen_v = v;
	seq_printf(sf, "gen %d\n", n);
	for (int i = 0; i < 200; i++)
		seq_putc(sf, (char)('a' + i % 26));
	seq_puts(sf, "\n");
	return 0;
}

static const struct kernfs_ops gen_ops = { .seq_show = gen_show };

static GString *expected_gen(int n)
{
	GString *s = g_string_new(NULL);

	g_string_printf(s, "gen %d\n", n);
	for (int i = 0; i < 200; i++)
		g_string_append_c(s, (char)('a' + i % 26));
	g_string_append_c(s, '\n');
	return s;
}

/* §7.3: 1-byte sequential reads reproduce one generation exactly. */
static void test_one_byte_reads(void **state)
{
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;
	g_autoptr(GString) got = NULL, want = expected_gen(1);

	kt_file(rn, "gen", 0444, &gen_ops, NULL);
	f = open_file("gen", O_RDONLY, &ino);
	got = kt_read_all(f, 1);
	assert_int_equal(got->len, want->len);
	assert_memory_equal(got->str, want->str, want->len);
	/* single_open semantics: show ran once, with the start token */
	assert_int_equal(shows, 1);
	assert_ptr_equal(seen_v, (void *)1);
	close_file(f, ino);
}

/* §7.3: odd chunk sizes give the same bytes as one big read. */
static void test_odd_chunks(void **state)
{
	static const size_t chunks[] = { 3, 7, 64, 199, 4096, 100000 };
	struct kernfs_inode *ino;

	kt_file(rn, "gen", 0444, &gen_ops, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(chunks); i++) {
		struct kernfs_vfs_file *f = open_file("gen", O_RDONLY, &ino);
		g_autoptr(GString) got = kt_read_all(f, chunks[i]);
		g_autoptr(GString) want = expected_gen(shows);

		assert_true(g_string_equal(got, want));
		close_file(f, ino);
	}
}

/*
 * §7.3: a read at another offset than where the last one ended
 * regenerates the text from the start and skips to that offset.
 */
static void test_pread_regenerates(void **state)
{
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;
	g_autoptr(GString) g1 = expected_gen(1), g2 = expected_gen(2);
	g_autoptr(GString) g3 = expected_gen(3);
	char buf[32];

	kt_file(rn, "gen", 0444, &gen_ops, NULL);
	f = open_file("gen", O_RDONLY, &ino);
	assert_int_equal(kernfs_vfs_read(f, buf, 10, 0, &kt_root), 10);
	assert_memory_equal(buf, g1->str, 10);
	/* sequential: continues the same generation */
	assert_int_equal(kernfs_vfs_read(f, buf, 10, 10, &kt_root), 10);
	assert_memory_equal(buf, g1->str + 10, 10);
	assert_int_equal(shows, 1);
	/* jump forward: regenerated */
	assert_int_equal(kernfs_vfs_read(f, buf, 5, 100, &kt_root), 5);
	assert_memory_equal(buf, g2->str + 100, 5);
	assert_int_equal(shows, 2);
	/* back to 0: regenerated again */
	assert_int_equal(kernfs_vfs_read(f, buf, 6, 0, &kt_root), 6);
	assert_memory_equal(buf, g3->str, 6);
	/* past the end */
	assert_int_equal(kernfs_vfs_read(f, buf, 6, 5000, &kt_root), 0);
	close_file(f, ino);
}

/* §7.3: a 10000-byte record grows the buffer past PAGE_SIZE. */
static int big_show(struct seq_file *sf, void *v)
{
	shows++;
	for (int i = 0; i < 1000; i++)
		seq_printf(sf, "%09d\n", i);
	return 0;
}

static void test_big_record(void **state)
{
	static const struct kernfs_ops ops = { .seq_show = big_show };
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;
	g_autoptr(GString) want = g_string_new(NULL);
	g_autoptr(GString) got = NULL, got2 = NULL;

	for (int i = 0; i < 1000; i++)
		g_string_append_printf(want, "%09d\n", i);
	assert_int_equal(want->len, 10000);
	kt_file(rn, "big", 0444, &ops, NULL);
	f = open_file("big", O_RDONLY, &ino);
	got = kt_read_all(f, 100000);
	assert_true(g_string_equal(got, want));
	/* the buffer is retried after each overflow: 4096, 8192, 16384 */
	assert_true(shows >= 2);
	close_file(f, ino);
	f = open_file("big", O_RDONLY, &ino);
	got2 = kt_read_all(f, 333);
	assert_true(g_string_equal(got2, want));
	close_file(f, ino);
}

/*
 * §7.1/§7.3: custom iterators with many records read in small chunks give
 * the same bytes as one big read; start/stop stay balanced; SEQ_SKIP
 * drops a record.
 */
#define NREC 3000
static atomic_int starts, stops;

static void *it_start(struct seq_file *sf, loff_t *pos)
{
	starts++;
	return *pos < NREC ? (void *)(intptr_t)(*pos + 1) : NULL;
}

static void *it_next(struct seq_file *sf, void *v, loff_t *pos)
{
	++*pos;
	return *pos < NREC ? (void *)(intptr_t)(*pos + 1) : NULL;
}

static void it_stop(struct seq_file *sf, void *v)
{
	stops++;
}

static int it_show(struct seq_file *sf, void *v)
{
	intptr_t i = (intptr_t)v;

	if (i % 7 == 0)
		return SEQ_SKIP;
	seq_printf(sf, "record %ld of %d\n", (long)i, NREC);
	return 0;
}

static const struct kernfs_ops it_ops = {
	.seq_start = it_start, .seq_next = it_next, .seq_stop = it_stop,
	.seq_show = it_show,
};

static void test_iterator_chunks(void **state)
{
	static const size_t chunks[] = { 1, 5, 17, 4095, 4096, 4097, 1 << 20 };
	g_autoptr(GString) want = g_string_new(NULL);
	struct kernfs_inode *ino;

	for (long i = 1; i <= NREC; i++)
		if (i % 7)
			g_string_append_printf(want, "record %ld of %d\n", i, NREC);
	kt_file(rn, "it", 0444, &it_ops, NULL);
	for (size_t c = 0; c < G_N_ELEMENTS(chunks); c++) {
		struct kernfs_vfs_file *f = open_file("it", O_RDONLY, &ino);
		g_autoptr(GString) got = NULL;

		starts = stops = 0;
		got = kt_read_all(f, chunks[c]);
		assert_int_equal(got->len, want->len);
		assert_true(g_string_equal(got, want));
		assert_int_equal(starts, stops);
		assert_true(starts > 0);
		close_file(f, ino);
	}
}

/* §7.3: show's error is returned by read. */
static int err_show(struct seq_file *sf, void *v)
{
	return -EIO;
}

static void test_show_error(void **state)
{
	static const struct kernfs_ops ops = { .seq_show = err_show };
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;
	char buf[8];

	kt_file(rn, "err", 0444, &ops, NULL);
	f = open_file("err", O_RDONLY, &ino);
	assert_int_equal(kernfs_vfs_read(f, buf, sizeof(buf), 0, &kt_root), -EIO);
	close_file(f, ino);
}

/* §7.3: st_size does not matter: a size-0 seq file reads its text. */
static void test_size_zero_reads(void **state)
{
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;
	g_autoptr(GString) got = NULL, want = expected_gen(1);

	KT_OK(kernfs_create_file(rn, "zero", 0444, 0, &gen_ops, NULL));
	f = open_file("zero", O_RDONLY, &ino);
	assert_int_equal(kt_stat(ino).st_size, 0);
	got = kt_read_all(f, 50);
	assert_true(g_string_equal(got, want));
	close_file(f, ino);
}

/* §7.3: seq read after removal: ENODEV; not opened for reading: EBADF. */
static void test_seq_enodev_ebadf(void **state)
{
	struct kernfs_node *kn = kt_file(rn, "gen", 0644, &gen_ops, NULL);
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f, *w;
	char buf[8];

	f = open_file("gen", O_RDONLY, &ino);
	w = kt_open(ino, O_WRONLY);
	assert_int_equal(kernfs_vfs_read(w, buf, sizeof(buf), 0, &kt_root),
			 -EBADF);
	assert_int_equal(kernfs_vfs_read(f, buf, 4, 0, &kt_root), 4);
	kernfs_remove(kn);
	/* a new generation is needed at offset 100: ENODEV */
	assert_int_equal(kernfs_vfs_read(f, buf, 4, 100, &kt_root), -ENODEV);
	kernfs_vfs_release(w);
	close_file(f, ino);
}

/* §7.1: sf->private is the open file; of->kn->priv the node's priv. */
static int priv_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;

	seq_puts(sf, of->kn->priv);
	return 0;
}

static void test_private(void **state)
{
	static const struct kernfs_ops ops = { .seq_show = priv_show };
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;
	g_autoptr(GString) got = NULL;

	kt_file(rn, "p", 0444, &ops, "private text\n");
	f = open_file("p", O_RDONLY, &ino);
	assert_ptr_equal(kernfs_vfs_file_of(f)->seq_file->private,
			 kernfs_vfs_file_of(f));
	got = kt_read_all(f, 4);
	assert_string_equal(got->str, "private text\n");
	close_file(f, ino);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_byte_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_chunks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pread_regenerates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iterator_chunks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_show_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_zero_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seq_enodev_ebadf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_private, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
