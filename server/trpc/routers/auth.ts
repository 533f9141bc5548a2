import { eq } from "drizzle-orm";
import { users } from "~/db/schema";
import { EmailTakenError, REGISTRATION_ANSWER, registerUser, ZRegistration } from "~/server/auth/credentials";
import { AppError } from "~/server/errors";
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
        throw error;
      }
      return REGISTRATION_ANSWER;
    }),

  me: protectedProcedure.query(async ({ ctx }) => {
    const [user] = await ctx.db
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, ctx.userId));
    if (!user) throw new AppError("unauthorized", "Your account no longer exists");
    return user;
  }),
});
