/**
 * Child processes of `npm start` exit when their parent goes away, even if it was SIGKILLed: the parent
 * opens an IPC channel, and its disconnect is the signal. (A process started on its own has no channel.)
 */
export function onParentExit(stop: () => void): void {
  if (process.send) process.on("disconnect", stop);
}
