/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bridge-stats.c - what the bridge did: lookup counts handed out and given
 * back, notifications, and the check of the accounting at unmount.
 */
#include "bridge-internal.h"

void kfe_bridge_get_stats(struct kfe_bridge *br, struct kfe_bridge_stats *st)
{
	pthread_mutex_lock(&br->lock);
	*st = br->stats;
	pthread_mutex_unlock(&br->lock);
	pthread_mutex_lock(&br->notifier.lock);
	st->notes_sent = br->notifier.sent;
	st->notes_failed = br->notifier.failed;
	pthread_mutex_unlock(&br->notifier.lock);
}

bool kfe_bridge_counts_balanced(struct kfe_bridge *br)
{
	struct kfe_bridge_stats st;

	kfe_bridge_get_stats(br, &st);
	return st.destroyed && !st.count_errors;
}

char *kfe_bridge_counts_report(struct kfe_bridge *br, bool *balanced)
{
	struct kfe_bridge_stats st;
	bool ok = kfe_bridge_counts_balanced(br);

	kfe_bridge_get_stats(br, &st);
	if (balanced)
		*balanced = ok;
	return g_strdup_printf(
		"lookup counts %s: %llu given, %llu forgotten, %llu on %llu inodes held by the kernel at unmount, %llu errors; %llu notifications sent, %llu refused",
		ok ? "balanced" : "NOT BALANCED",
		(unsigned long long)st.lookups,
		(unsigned long long)st.forgets,
		(unsigned long long)st.held_at_destroy,
		(unsigned long long)st.inodes_at_destroy,
		(unsigned long long)st.count_errors,
		(unsigned long long)st.notes_sent,
		(unsigned long long)st.notes_failed);
}
