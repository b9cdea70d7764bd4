// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-io.c - spec/kernfs.md §7.1, §7.2, §7.3 (raw path), §7.4, §7.5:
 * open checks (EXTRA_OPEN_PERM_CHECK, prealloc, EISDIR), raw reads capped
 * at PAGE_SIZE, the write length rules, llseek.
 */
#include "kfs-test.h"

static struct kernfs_root *root;
static struct kernfs_node *rn;
static size_t last_len;
static loff_t last_off;
static GString *last_buf;
static ssize_t write_ret;		/* < -1000: return the length */

static int setup(void **state)
{
	root = kernfs_create_root(NULL, 0, NULL);
	rn = kernfs_root_to_node(root);
	last_buf = g_string_new(NULL);
	write_ret = -10000;
	return 0;
}

static int teardown(void **state)
{
	kernfs_destroy_root(root);
	g_string_free(last_buf, TRUE);
	return 0;
}

static ssize_t pattern_read(struct kernfs_open_file *of, char *buf, size_t n,
			    loff_t off)
{
	last_len = n;
	last_off = off;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)('A' + (off + (loff_t)i) % 26);
	return (ssize_t)n;
}

static ssize_t rec_write(struct kernfs_open_file *of, char *buf, size_t n,
			 loff_t off)
{
	last_len = n;
	last_off = off;
	/* the buffer is a NUL-terminated copy */
	assert_int_equal(buf[n], '\0');
	g_string_append_len(last_buf, buf, (gssize)n);
	g_string_append_c(last_buf, '|');
	return write_ret < -1000 ? (ssize_t)n : write_ret;
}

static const struct kernfs_ops raw_ops = { .read = pattern_read,
					   .write = rec_write };

static struct kernfs_inode *lookup(const char *name)
{
	return kt_lookup(kernfs_vfs_root(root), name);
}

/* §7.3 raw path: each read() is capped at 4096 and gets the offset. */
static void test_raw_read_cap(void **state)
{
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;
	char *buf = g_malloc(10000);

	KT_OK(kernfs_create_file(rn, "raw", 0444, 0, &raw_ops, NULL));
	ino = lookup("raw");
	f = kt_open(ino, O_RDONLY);
	assert_int_equal(kernfs_vfs_read(f, buf, 10000, 0, &kt_root), 4096);
	assert_int_equal(last_len, 4096);
	assert_int_equal(last_off, 0);
	assert_int_equal(buf[4095], 'A' + 4095 % 26);
	assert_int_equal(kernfs_vfs_read(f, buf, 3, 12345, &kt_root), 3);
	assert_int_equal(last_len, 3);
	assert_int_equal(last_off, 12345);
	assert_int_equal(buf[0], 'A' + 12345 % 26);
	assert_int_equal(buf[2], 'A' + 12347 % 26);
	kernfs_vfs_release(f);
	kernfs_vfs_forget(ino, 1);
	g_free(buf);
}

/* §7.3/§7.4: no read op: EINVAL; no write op: EINVAL; inactive: ENODEV. */
static void test_missing_ops(void **state)
{
	static const struct kernfs_ops none = { 0 };
	struct kernfs_node *kn;
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *r, *w;
	char buf[8];

	kn = kt_file(rn, "none", 0666, &none, NULL);
	ino = lookup("none");
	r = kt_open(ino, O_RDONLY);
	w = kt_open(ino, O_WRONLY);
	assert_int_equal(kernfs_vfs_read(r, buf, sizeof(buf), 0, &kt_root),
			 -EINVAL);
	assert_int_equal(kernfs_vfs_write(w, "x", 1, 0, &kt_root), -EINVAL);
	/* not open for the direction: EBADF */
	assert_int_equal(kernfs_vfs_write(r, "x", 1, 0, &kt_root), -EBADF);
	assert_int_equal(kernfs_vfs_read(w, buf, 1, 0, &kt_root), -EBADF);
	kernfs_remove(kn);
	assert_int_equal(kernfs_vfs_read(r, buf, sizeof(buf), 0, &kt_root),
			 -ENODEV);
	assert_int_equal(kernfs_vfs_write(w, "x", 1, 0, &kt_root), -ENODEV);
	kernfs_vfs_release(r);
	kernfs_vfs_release(w);
	kernfs_vfs_forget(ino, 1);
}

/* §7.4: atomic_write_len 0: a 5000-byte write is cut to 4096. */
static void test_write_cap(void **state)
{
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;
	char *big = g_malloc(5000);

	memset(big, 'w', 5000);
	kt_file(rn, "w", 0644, &raw_ops, NULL);
	ino = lookup("w");
	f = kt_open(ino, O_WRONLY);
	assert_int_equal(kernfs_vfs_write(f, big, 5000, 0, &kt_root), 4096);
	assert_int_equal(last_len, 4096);
	/* the caller loops with the rest: one more command */
	assert_int_equal(kernfs_vfs_write(f, big + 4096, 904, 4096, &kt_root),
			 904);
	assert_int_equal(last_len, 904);
	assert_int_equal(last_off, 4096);
	kernfs_vfs_release(f);
	kernfs_vfs_forget(ino, 1);
	g_free(big);
}

/*
 * §7.4: with atomic_write_len, longer writes fail E2BIG; the length is
 * not capped at PAGE_SIZE then.
 */
static void test_atomic_write_len(void **state)
{
	static const struct kernfs_ops a100 = { .write = rec_write,
						.atomic_write_len = 100 };
	static const struct kernfs_ops a8k = { .write = rec_write,
					       .atomic_write_len = 8192 };
	struct kernfs_inode *i1, *i2;
	struct kernfs_vfs_file *f1, *f2;
	char *big = g_malloc0(8193);

	kt_file(rn, "a100", 0200, &a100, NULL);
	kt_file(rn, "a8k", 0200, &a8k, NULL);
	i1 = lookup("a100");
	i2 = lookup("a8k");
	f1 = kt_open(i1, O_WRONLY);
	f2 = kt_open(i2, O_WRONLY);
	last_len = 0;
	assert_int_equal(kernfs_vfs_write(f1, big, 101, 0, &kt_root), -E2BIG);
	assert_int_equal(last_len, 0);
	assert_int_equal(kernfs_vfs_write(f1, big, 100, 0, &kt_root), 100);
	assert_int_equal(kernfs_vfs_write(f2, big, 5000, 0, &kt_root), 5000);
	assert_int_equal(last_len, 5000);
	assert_int_equal(kernfs_vfs_write(f2, big, 8193, 0, &kt_root), -E2BIG);
	kernfs_vfs_release(f1);
	kernfs_vfs_release(f2);
	kernfs_vfs_forget(i1, 1);
	kernfs_vfs_forget(i2, 1);
	g_free(big);
}

/*
 * §7.4: each write() is one command (no accumulation); the op's return
 * value is passed through unchanged (short count, 0, errors).
 */
static void test_write_commands_and_returns(void **state)
{
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;

	kt_file(rn, "cmd", 0644, &raw_ops, NULL);
	ino = lookup("cmd");
	f = kt_open(ino, O_RDWR);
	assert_int_equal(kernfs_vfs_write(f, "ab", 2, 0, &kt_root), 2);
	assert_int_equal(kernfs_vfs_write(f, "cd", 2, 2, &kt_root), 2);
	assert_int_equal(last_off, 2);
	assert_string_equal(last_buf->str, "ab|cd|");
	write_ret = 3;
	assert_int_equal(kernfs_vfs_write(f, "0123456789", 10, 0, &kt_root), 3);
	write_ret = 0;
	assert_int_equal(kernfs_vfs_write(f, "zz", 2, 0, &kt_root), 0);
	write_ret = -EBUSY;
	assert_int_equal(kernfs_vfs_write(f, "zz", 2, 0, &kt_root), -EBUSY);
	/* bytes after a NUL are passed along too; the copy is terminated */
	write_ret = -10000;
	assert_int_equal(kernfs_vfs_write(f, "a\0b", 3, 0, &kt_root), 3);
	assert_int_equal(last_len, 3);
	kernfs_vfs_release(f);
	kernfs_vfs_forget(ino, 1);
}

/* §7.1/§7.2: prealloc with seq_show: open fails EINVAL, no op called. */
static atomic_int opens, releases;

static int cnt_open(struct kernfs_open_file *of)
{
	opens++;
	return 0;
}

static void cnt_release(struct kernfs_open_file *of)
{
	releases++;
}

static int dummy_show(struct seq_file *sf, void *v)
{
	return 0;
}

static void test_prealloc(void **state)
{
	static const struct kernfs_ops bad = { .seq_show = dummy_show,
		.prealloc = true, .open = cnt_open, .release = cnt_release };
	static const struct kernfs_ops good = { .read = pattern_read,
		.write = rec_write, .prealloc = true, .atomic_write_len = 64 };
	struct kernfs_inode *i1, *i2;
	struct kernfs_vfs_file *f = NULL;
	char buf[128] = { 0 };

	opens = releases = 0;
	kt_file(rn, "bad", 0644, &bad, NULL);
	kt_file(rn, "good", 0644, &good, NULL);
	i1 = lookup("bad");
	i2 = lookup("good");
	assert_int_equal(kernfs_vfs_open(i1, O_RDONLY, &kt_root, &f), -EINVAL);
	assert_int_equal(opens, 0);
	assert_int_equal(releases, 0);
	assert_int_equal(kt_stats(root).nr_open_files, 0);
	f = kt_open(i2, O_RDWR);
	assert_int_equal(kernfs_vfs_write(f, "hello", 5, 0, &kt_root), 5);
	assert_int_equal(kernfs_vfs_write(f, buf, 65, 0, &kt_root), -E2BIG);
	assert_int_equal(kernfs_vfs_read(f, buf, 16, 0, &kt_root), 16);
	kernfs_vfs_release(f);
	kernfs_vfs_forget(i1, 1);
	kernfs_vfs_forget(i2, 1);
}

/*
 * §1.1/§7.2: EXTRA_OPEN_PERM_CHECK: EACCES, even for root, when the mode
 * or the ops lack the asked direction.  Without the flag root may open
 * anything (and write then gets EINVAL without a write op).
 */
static void test_extra_open_perm_check(void **state)
{
	static const struct kernfs_ops ro = { .read = pattern_read };
	static const struct kernfs_ops wo = { .write = rec_write };
	static const struct kernfs_ops rw = { .read = pattern_read,
					      .write = rec_write };
	static const struct {
		const char *name;
		umode_t mode;
		const struct kernfs_ops *ops;
		int flags, want;
	} c[] = {
		{ "ro444", 0444, &rw, O_WRONLY, -EACCES },
		{ "rw644noop", 0644, &ro, O_WRONLY, -EACCES },
		{ "rw644noop2", 0644, &ro, O_RDWR, -EACCES },
		{ "w200", 0200, &rw, O_RDONLY, -EACCES },
		{ "wonly644", 0644, &wo, O_RDONLY, -EACCES },
		{ "rw644", 0644, &rw, O_RDWR, 0 },
		{ "r004", 0004, &ro, O_RDONLY, 0 },
		{ "w002", 0002, &wo, O_WRONLY, 0 },
	};
	struct kernfs_root *sys = kernfs_create_root(NULL,
				KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK, NULL);
	struct kernfs_node *sn = kernfs_root_to_node(sys);
	struct kernfs_inode *ino, *tino;
	struct kernfs_vfs_file *f;

	for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
		kt_file(sn, c[i].name, c[i].mode, c[i].ops, NULL);
		kt_file(rn, c[i].name, c[i].mode, c[i].ops, NULL);
		ino = kt_lookup(kernfs_vfs_root(sys), c[i].name);
		tino = lookup(c[i].name);
		f = NULL;
		assert_int_equal(kernfs_vfs_open(ino, c[i].flags, &kt_root, &f),
				 c[i].want);
		kernfs_vfs_release(f);
		/* no flag (tracefs): root opens every one of them */
		f = kt_open(tino, c[i].flags);
		kernfs_vfs_release(f);
		kernfs_vfs_forget(ino, 1);
		kernfs_vfs_forget(tino, 1);
	}
	/* root writing a 0444 file without write op (tracefs): EINVAL */
	kt_file(rn, "ro", 0444, &ro, NULL);
	tino = lookup("ro");
	f = kt_open(tino, O_WRONLY);
	assert_int_equal(kernfs_vfs_write(f, "1", 1, 0, &kt_root), -EINVAL);
	kernfs_vfs_release(f);
	kernfs_vfs_forget(tino, 1);
	kernfs_destroy_root(sys);
}

/* §8/§7.2: opening a directory for writing: EISDIR. */
static void test_open_dir_for_write(void **state)
{
	struct kernfs_inode *di;
	struct kernfs_vfs_file *f = NULL;

	kt_dir(rn, "d");
	di = lookup("d");
	assert_int_equal(kernfs_vfs_open(di, O_WRONLY, &kt_root, &f), -EISDIR);
	assert_int_equal(kernfs_vfs_open(di, O_RDWR, &kt_root, &f), -EISDIR);
	kernfs_vfs_forget(di, 1);
}

/* §7.5: generic_file_llseek: SEEK_END relative to the size; ENODEV. */
static void test_llseek(void **state)
{
	struct kernfs_node *kn;
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;

	kn = KT_OK(kernfs_create_file(rn, "s", 0444, 1000, &raw_ops, NULL));
	ino = lookup("s");
	f = kt_open(ino, O_RDONLY);
	assert_int_equal(kernfs_vfs_llseek(f, 10, SEEK_SET), 10);
	assert_int_equal(kernfs_vfs_llseek(f, 5, SEEK_CUR), 15);
	assert_int_equal(kernfs_vfs_llseek(f, -1, SEEK_END), 999);
	assert_int_equal(kernfs_vfs_llseek(f, -1, SEEK_SET), -EINVAL);
	kernfs_remove(kn);
	assert_int_equal(kernfs_vfs_llseek(f, 0, SEEK_SET), -ENODEV);
	kernfs_vfs_release(f);
	kernfs_vfs_forget(ino, 1);
}

/* §7.1: ops->llseek overrides; of->nonseekable gives ESPIPE. */
static loff_t my_llseek(struct kernfs_open_file *of, loff_t off, int whence)
{
	return 4242;
}

static int nonseek_open(struct kernfs_open_file *of)
{
	of->nonseekable = true;
	return 0;
}

static void test_custom_llseek(void **state)
{
	static const struct kernfs_ops c = { .read = pattern_read,
					     .llseek = my_llseek };
	static const struct kernfs_ops n = { .read = pattern_read,
					     .open = nonseek_open };
	struct kernfs_inode *i1, *i2;
	struct kernfs_vfs_file *f1, *f2;

	kt_file(rn, "c", 0444, &c, NULL);
	kt_file(rn, "n", 0444, &n, NULL);
	i1 = lookup("c");
	i2 = lookup("n");
	f1 = kt_open(i1, O_RDONLY);
	f2 = kt_open(i2, O_RDONLY);
	assert_int_equal(kernfs_vfs_llseek(f1, 1, SEEK_SET), 4242);
	assert_int_equal(kernfs_vfs_llseek(f2, 1, SEEK_SET), -ESPIPE);
	kernfs_vfs_release(f1);
	kernfs_vfs_release(f2);
	kernfs_vfs_forget(i1, 1);
	kernfs_vfs_forget(i2, 1);
}

/* §7.2: open flags are visible in of->flags; O_TRUNC changes nothing. */
static void test_open_flags(void **state)
{
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;

	kt_file(rn, "t", 0644, &raw_ops, NULL);
	ino = lookup("t");
	f = kt_open(ino, O_WRONLY | O_TRUNC | O_APPEND);
	assert_int_equal(kernfs_vfs_file_of(f)->flags & O_ACCMODE, O_WRONLY);
	assert_true(kernfs_vfs_file_of(f)->flags & O_APPEND);
	assert_int_equal(kt_stat(ino).st_size, 4096);
	/* pos is passed to the op even with O_APPEND */
	assert_int_equal(kernfs_vfs_write(f, "x", 1, 7, &kt_root), 1);
	assert_int_equal(last_off, 7);
	kernfs_vfs_release(f);
	kernfs_vfs_forget(ino, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_raw_read_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_ops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_write_len, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_commands_and_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prealloc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extra_open_perm_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_dir_for_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_llseek, setup, teardown),
		cmocka_unit_test_setup_teardown(test_custom_llseek, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_flags, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
