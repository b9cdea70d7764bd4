/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mock-tracefs.h - the parts of the mock-tracefs program shared between
 * its main (mock-tracefs.c) and its remount control channel
 * (mock-remount.c).  The control channel knows nothing of tracefs: it
 * hands option strings to a callback.
 *
 * Control channel: a unix stream socket owned by the daemon, at
 *
 *	$XDG_RUNTIME_DIR/mock-tracefs/dev-MAJ:MIN.sock
 *	(or /tmp/mock-tracefs-UID/... when XDG_RUNTIME_DIR is not set or
 *	not usable; the remount command tries both)
 *
 * named after the device that stat(2) of the mountpoint shows while the
 * filesystem is mounted (the daemon reads it from /proc/self/mountinfo),
 * in a directory only its owner may enter.  The daemon serves one request per connection, from clients
 * whose SO_PEERCRED uid is its own:
 *
 *	request:	"remount OPTIONS\n"
 *	answer:		"ok\n" or "error MESSAGE\n"
 */
#ifndef MOCK_TRACEFS_H
#define MOCK_TRACEFS_H

#include <stdbool.h>

/*
 * mt_apply_fn - apply a remount's option string.
 * @data:	the pointer given to mt_ctl_start()
 * @opts:	the options, "" for none
 * @errmsg:	receives a one-line explanation on failure (g_free()d by
 *		the caller)
 *
 * Return: 0, or a negative errno with nothing changed.
 */
typedef int (*mt_apply_fn)(void *data, const char *opts, char **errmsg);

struct mt_ctl;

/**
 * mt_ctl_open - create the control socket of the mount on @mountpoint
 * @mountpoint:	absolute path of the mountpoint, already mounted
 * @apply:	called from the channel's thread for each accepted request
 * @data:	passed to @apply
 * @err:	receives 0 or the negative errno of the failure
 *
 * Call after mounting and before daemonizing: clients can connect as
 * soon as the program returns.
 * Return: the channel (serve it with mt_ctl_start(), free it with
 * mt_ctl_stop()), or NULL.
 */
struct mt_ctl *mt_ctl_open(const char *mountpoint, mt_apply_fn apply,
			   void *data, int *err);

/**
 * mt_ctl_start - serve @ctl from a new thread
 * @ctl: the channel
 *
 * Call after daemonizing (threads do not survive fork()).
 * Return: 0 or a negative errno.
 */
int mt_ctl_start(struct mt_ctl *ctl);

/**
 * mt_ctl_stop - stop serving, remove the socket and free @ctl
 * @ctl: the channel; NULL is ignored
 */
void mt_ctl_stop(struct mt_ctl *ctl);

/**
 * mt_remount_main - the "mock-tracefs remount MOUNTPOINT -o OPTIONS"
 * command
 * @argc: number of arguments after "remount"
 * @argv: those arguments
 *
 * Prints one error line on failure.
 * Return: the process exit status (0 done, 1 refused or failed, 2 usage).
 */
int mt_remount_main(int argc, char **argv);

/*
 * mt_fail - print "mock-tracefs: " and the message as one line on stderr
 * Return: 1, the exit status of a command-line error
 */
int mt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* MOCK_TRACEFS_H */
