/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fusetest.h - what the checkers of the FUSE integration suites
 * (tests/fuse/fusecheck.c, tests/mock-tracefs/mtcheck.c) have in common:
 * small syscall helpers and the commands both offer.
 *
 * Shared commands (ft_main() dispatches them; ARGS after the command):
 *   errno OP PATH [ARG]    print "OK" or the errno name of OP: creat,
 *                          creat-excl, open-write, open-dir, mknod,
 *                          symlink, link, rename, unlink, rmdir, mkdir,
 *                          stat, read, write, setxattr, getxattr
 *                          (getxattr prints the value instead of "OK")
 *   walk DIR SECONDS       stat every node below DIR again and again
 *   reader SECONDS FILE... read the files again and again
 *   mkrm DIR SECONDS       mkdir/rmdir DIR/loopN, reading a file in each
 *   run SCRIPT ARGS...     run SCRIPT with bash, return its status
 */
#ifndef FUSETEST_H
#define FUSETEST_H

#include <sys/types.h>

/**
 * struct ft_cmd - a command of one checker only.
 * @name: the command's name (argv[1])
 * @nargs: how many arguments it takes, exactly
 * @run: runs it on its arguments; returns the exit status
 */
struct ft_cmd {
	const char *name;
	int nargs;
	int (*run)(char **arg);
};

/**
 * struct ft_checker - what the shared commands need to know of a mount.
 * @source: the checker's source file, named by the usage message
 * @racy: path part below which walkers race with mkrm: ENOENT and ENODEV
 *	  are expected there
 * @mkrm_file: file, relative to each directory mkrm makes, that it reads
 * @cmds: the checker's own commands, ended by an entry with a NULL name
 */
struct ft_checker {
	const char *source;
	const char *racy;
	const char *mkrm_file;
	const struct ft_cmd *cmds;
};

const char *ft_errname(int e);
double ft_now(void);
int ft_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ft_write_once(const char *path, const char *s);
int ft_read_once(const char *path);
pid_t ft_write_later(const char *path, const char *s, double delay);
int ft_reap(pid_t pid);
int ft_main(int argc, char **argv, const struct ft_checker *c);

#endif /* FUSETEST_H */
