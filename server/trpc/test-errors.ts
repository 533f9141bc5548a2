import { TRPCClientError } from "@trpc/client";

/** The code and message a failed tRPC call answered with (fails the test if the call succeeded). */
export async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      return {
        code: error.data?.code as string,
        message: error.message,
        issues: (error.data?.issues ?? null) as { path: string; message: string }[] | null,
      };
    }
    throw error;
  }
  throw new Error("expected the call to fail");
}
