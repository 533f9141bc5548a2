import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { users } from "~/db/schema";
import { EmailTakenError, REGISTRATION_ANSWER, registerUser, RegistrationError, ZRegistration } from "~/server/auth/credentials";
import { rateLimited } from "../rate-limited";
import { createRouter, protectedProcedure, publicProcedure } from "../trpc";

export const authRouter = createRouter({
  /** The same answer for a new and an already registered email (see REGISTRATION_ANSWER). */
  register: publicProcedure
    .use(rateLimited("signUp"))
    .input(ZRegistration)
    .mutation(async ({ ctx, input }) => {
      try {
        await registerUser(ctx.db, input);
      } catch (error) {
        if (error instanceof EmailTakenError) return REGISTRATION_ANSWER;
        if (error instanceof RegistrationError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
        throw error;
      }
      return REGISTRATION_ANSWER;
    }),

  me: protectedProcedure.query(async ({ ctx }) => {
    const [user] = await ctx.db
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, ctx.userId));
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your account no longer exists" });
    return user;
  }),
});
