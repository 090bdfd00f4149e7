/**
 * Navigator's web page: sign up / sign in, documents, chat, citations. Framework-free TypeScript
 * bundled by `Bun.build` when the server starts (see http/routes/web.ts): a handful of panels
 * updated from API replies and socket events does not need a virtual DOM, and the page stays
 * small (no runtime library but the typed client) and CSP-friendly (no inline script or style).
 */
import { apiError, createApiClient } from "./api.ts";
import { createChatPanel } from "./chat.ts";
import { createDocumentsPanel } from "./documents.ts";
import { byId } from "./dom.ts";
import { clearSession, loadSession, saveSession, type Session } from "./session.ts";
import { openChatSocket, socketUrl, type ChatSocket } from "./socket.ts";
import { createViewer } from "./viewer.ts";

const origin = location.origin;
let session: Session | undefined = loadSession();
let socket: ChatSocket | undefined;

const api = createApiClient(origin, () => session?.token);
const notice = byId("notice");
const notify = (text: string) => {
  notice.textContent = text;
};
const viewer = createViewer(origin, () => session?.token);
const documents = createDocumentsPanel(api, notify, () => signOut("Your session has ended. Please sign in again."));
const chat = createChatPanel(api, (source, n) => void viewer.open(source, n), () => signOut("Your session has ended. Please sign in again."));

const authView = byId("auth-view");
const appView = byId("app-view");
const account = byId("account");
const authForm = byId<HTMLFormElement>("auth-form");
const authError = byId("auth-error");
const email = byId<HTMLInputElement>("email");
const password = byId<HTMLInputElement>("password");

authForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const mode = ((event as SubmitEvent).submitter as HTMLButtonElement | null)?.value === "register" ? "register" : "login";
  authError.textContent = "";
  if (!email.value.trim() || !password.value) {
    authError.textContent = "Enter your email and password.";
    return;
  }
  const body = { email: email.value.trim(), password: password.value };
  if (mode === "register") {
    const created = await api.api.v2.auth.register.post(body);
    if (created.error) {
      authError.textContent = apiError(created.error).message;
      return;
    }
    // A server that answers sign-up with a token signs in at once; one that answers only
    // "accepted" (the same answer whether or not the email exists) is followed by a sign-in.
    const data: object = created.data;
    if ("access_token" in data) return signInWith(data as TokenReply);
  }
  const res = await api.api.v2.auth.login.post(body);
  if (res.error) {
    authError.textContent = apiError(res.error).message;
    return;
  }
  signInWith(res.data);
});

/** What sign-in (and, on some servers, sign-up) answers. */
interface TokenReply {
  readonly access_token: string;
  readonly expires_in: number;
  readonly user: { readonly email: string };
}

function signInWith(reply: TokenReply): void {
  password.value = "";
  signIn({ token: reply.access_token, email: reply.user.email, expiresAt: Date.now() + reply.expires_in * 1000 });
}

byId("sign-out").addEventListener("click", async () => {
  // The server forgets the token too (it stops working everywhere), then the page does.
  if (session) await api.api.v2.auth.logout.post({}).catch(() => undefined);
  signOut("You are signed out.");
});
byId("delete-account").addEventListener("click", async () => {
  if (!session) return;
  if (!confirm("Delete your account? Your documents, their files and your conversations are deleted for good.")) return;
  const res = await api.api.v2.account.delete();
  if (res.error && res.status !== 401) {
    notify(`Your account could not be deleted: ${apiError(res.error).message}`);
    return;
  }
  signOut("Your account and everything in it were deleted.");
});

function signIn(next: Session): void {
  session = next;
  saveSession(next);
  notify("");
  showApp();
}

function showApp(): void {
  if (!session) return;
  authView.hidden = true;
  appView.hidden = false;
  account.hidden = false;
  byId("who").textContent = session.email;
  socket = openChatSocket(socketUrl(location), session.token, {
    onJob: (event) => documents.onJob(event),
    onTurn: (event) => chat.onTurn(event),
    onUnauthorized: () => signOut("Your session has ended. Please sign in again."),
    onState: (state) => {
      if (state === "reconnecting") {
        chat.onDisconnected();
        notify("Reconnecting…");
      } else if (state === "ready" && notice.textContent === "Reconnecting…") {
        notify("");
      }
    },
  });
  chat.attach(socket);
  void documents.refresh();
  void chat.refreshConversations();
  byId("question").focus();
}

function signOut(message: string): void {
  socket?.close();
  socket = undefined;
  session = undefined;
  clearSession();
  documents.clear();
  chat.clear();
  viewer.clear();
  appView.hidden = true;
  account.hidden = true;
  authView.hidden = false;
  notify(message);
  email.focus();
}

if (session) showApp();
else email.focus();
