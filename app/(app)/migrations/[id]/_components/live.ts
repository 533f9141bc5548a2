"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "~/app/_components/trpc";

export type LiveState = "idle" | "connecting" | "live" | "reconnecting" | "ended";

/**
 * Follows a migration's progress stream (GET /api/migrations/:id/events, server-sent events with the session
 * cookie) while it is queued or running, and refreshes the page's queries as events arrive: the overview at most
 * every 300 ms (it carries the timeline and the latest events), everything when the stream ends.
 * Starts after `fromEventId`, so an earlier run's events (and its end) are not replayed.
 */
export function useLiveMigration(id: string, active: boolean, fromEventId: number | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<{ start: number | undefined; state: LiveState }>({
    start: undefined,
    state: "idle",
  });
  const [lastEvent, setLastEvent] = useState<{ agent: string; message: string } | null>(null);
  // The event id the stream starts after is fixed when the migration becomes live (React's "adjust state while
  // rendering" pattern), so later refetches of the overview do not restart the stream.
  const [session, setSession] = useState<{ active: boolean; start: number | undefined }>({
    active: false,
    start: undefined,
  });
  if (active !== session.active || (active && session.start === undefined && fromEventId !== undefined)) {
    setSession({ active, start: active ? fromEventId : undefined });
  }
  const start = session.start;

  useEffect(() => {
    if (start === undefined) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refreshOverview = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: trpc.migrationDetails.overview.queryKey({ id }) });
      }, 300);
    };
    const setState = (state: LiveState) => setConnection({ start, state });
    const source = new EventSource(`/api/migrations/${encodeURIComponent(id)}/events?lastEventId=${start}`);
    source.onopen = () => setState("live");
    source.addEventListener("progress", (event) => {
      setState("live");
      try {
        const data = JSON.parse((event as MessageEvent<string>).data) as { agent: string; message: string };
        setLastEvent({ agent: data.agent, message: data.message });
      } catch {
        // a malformed event only misses the ticker; the refresh below still happens
      }
      refreshOverview();
    });
    source.addEventListener("end", () => {
      source.close();
      setState("ended");
      void queryClient.invalidateQueries({ queryKey: trpc.migrationDetails.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.migrations.pathKey() });
    });
    // EventSource reconnects by itself (with Last-Event-ID); the overview's polling covers the gap.
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "ended" : "reconnecting");
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [id, start, queryClient, trpc]);

  const state: LiveState = start === undefined ? "idle" : connection.start === start ? connection.state : "connecting";
  return { state, lastEvent };
}
