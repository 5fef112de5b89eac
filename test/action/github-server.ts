// A local GitHub REST API for the action's tests: the endpoints the action uses, with GitHub's
// pagination (per_page/page and Link headers), 401 without the expected token, 403 on writes for
// a read-only token, and GitHub's limit of 50 annotations per check run request. Every request
// is recorded so tests can assert on what was sent.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface User {
  login: string;
  id: number;
  type: "User" | "Bot";
}

export interface Comment {
  id: number;
  body: string;
  user: User;
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  details_url?: string;
  output: { title?: string; summary?: string };
  annotations: Record<string, unknown>[];
}

export interface Review {
  id: number;
  user: User | null;
  state: string;
  commit_id: string;
  submitted_at: string;
  body: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

export interface ServerOptions {
  token?: string;
  /** 403 "Resource not accessible by integration" on every write */
  readOnly?: boolean;
  /** 403 on writes to matching paths (e.g. comments without pull-requests: write) */
  forbidWrites?: RegExp;
  /** 403 on team membership reads (a token without members:read) */
  teamsForbidden?: boolean;
  /** who the action's comments are written as */
  actor?: User;
}

export const ACTIONS_BOT: User = { login: "github-actions[bot]", id: 41898282, type: "Bot" };

export class FakeGitHub {
  url = "";
  readonly requests: RecordedRequest[] = [];
  readonly comments = new Map<number, Comment[]>();
  readonly checkRuns: CheckRun[] = [];
  readonly reviews = new Map<number, Review[]>();
  readonly pulls = new Map<number, Record<string, unknown>>();
  /** "org/team" -> members (lowercase logins) */
  readonly teams = new Map<string, Set<string>>();
  private nextId = 1000;
  private server: Server | null = null;

  constructor(readonly opts: ServerOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => send(res, 500, { message: String(e) }));
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.server = null;
    await new Promise<void>((r) => {
      s.close(() => r());
      s.closeAllConnections();
    });
  }

  id(): number {
    return this.nextId++;
  }

  addComment(issue: number, body: string, user: User): Comment {
    const c: Comment = { id: this.id(), body, user, html_url: `https://github.com/acme-infra/platform/pull/${issue}#issuecomment-${this.nextId}`, created_at: "2025-11-20T10:00:00Z", updated_at: "2025-11-20T10:00:00Z" };
    const list = this.comments.get(issue) ?? [];
    list.push(c);
    this.comments.set(issue, list);
    return c;
  }

  addReview(pr: number, user: User | null, state: string, commit: string, at = "2025-11-20T11:00:00Z"): Review {
    const r: Review = { id: this.id(), user, state, commit_id: commit, submitted_at: at, body: "" };
    const list = this.reviews.get(pr) ?? [];
    list.push(r);
    this.reviews.set(pr, list);
    return r;
  }

  /** requests matching method and a path pattern */
  calls(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET");
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? "/", this.url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return send(res, 400, { message: "Problems parsing JSON" });
      }
    }
    const method = req.method ?? "GET";
    this.requests.push({ method, path: u.pathname, query: Object.fromEntries(u.searchParams), body, authorization: req.headers.authorization });

    if (this.opts.token !== undefined) {
      const auth = req.headers.authorization ?? "";
      if (auth !== `token ${this.opts.token}` && auth !== `Bearer ${this.opts.token}`) return send(res, 401, { message: "Bad credentials" });
    }
    if (method !== "GET" && (this.opts.readOnly || this.opts.forbidWrites?.test(u.pathname))) return send(res, 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" });

    const b = (body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(u.pathname))) {
      const issue = Number(m[1]);
      if (method === "GET") return this.page(res, u, this.comments.get(issue) ?? []);
      if (method === "POST") {
        if (typeof b["body"] !== "string") return send(res, 422, { message: "body is required" });
        if (b["body"].length > 65536) return send(res, 422, { message: "Body is too long (maximum is 65536 characters)" });
        return send(res, 201, this.addComment(issue, b["body"], this.opts.actor ?? ACTIONS_BOT));
      }
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(u.pathname)) && method === "PATCH") {
      const id = Number(m[1]);
      const c = [...this.comments.values()].flat().find((x) => x.id === id);
      if (!c) return send(res, 404, { message: "Not Found" });
      const actor = this.opts.actor ?? ACTIONS_BOT;
      if (c.user.login !== actor.login) return send(res, 403, { message: "Resource not accessible by integration" });
      if (typeof b["body"] !== "string" || b["body"].length > 65536) return send(res, 422, { message: "Body is too long (maximum is 65536 characters)" });
      c.body = b["body"];
      c.updated_at = "2025-11-20T12:00:00Z";
      return send(res, 200, c);
    }
    if (/^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(u.pathname) && method === "POST") {
      const ann = annotationsOf(b);
      if (ann.length > 50) return send(res, 422, { message: "Only 50 annotations are allowed per request" });
      const run: CheckRun = { id: this.id(), name: String(b["name"]), head_sha: String(b["head_sha"]), status: String(b["status"] ?? "queued"), conclusion: (b["conclusion"] as string) ?? null, output: { ...((b["output"] as object) ?? {}) }, annotations: ann };
      if (typeof b["details_url"] === "string") run.details_url = b["details_url"];
      this.checkRuns.push(run);
      return send(res, 201, run);
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(u.pathname)) && method === "PATCH") {
      const run = this.checkRuns.find((r) => r.id === Number(m![1]));
      if (!run) return send(res, 404, { message: "Not Found" });
      const ann = annotationsOf(b);
      if (ann.length > 50) return send(res, 422, { message: "Only 50 annotations are allowed per request" });
      const out = b["output"] as Record<string, unknown> | undefined;
      if (out && (typeof out["title"] !== "string" || typeof out["summary"] !== "string")) return send(res, 422, { message: "output.title and output.summary are required" });
      if (out && (out["summary"] as string).length > 65535) return send(res, 422, { message: "output.summary is too long" });
      run.annotations.push(...ann);
      if (out) run.output = { title: out["title"] as string, summary: out["summary"] as string };
      if (typeof b["status"] === "string") run.status = b["status"];
      if (typeof b["conclusion"] === "string") run.conclusion = b["conclusion"];
      return send(res, 200, run);
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/.exec(u.pathname)) && method === "GET") {
      return this.page(res, u, this.reviews.get(Number(m[1])) ?? []);
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(u.pathname)) && method === "GET") {
      const pr = this.pulls.get(Number(m[1]));
      return pr ? send(res, 200, pr) : send(res, 404, { message: "Not Found" });
    }
    if ((m = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/.exec(u.pathname)) && method === "GET") {
      if (this.opts.teamsForbidden) return send(res, 403, { message: "Resource not accessible by integration" });
      const members = this.teams.get(`${m[1]}/${m[2]}`.toLowerCase());
      if (!members || !members.has(decodeURIComponent(m[3]!).toLowerCase())) return send(res, 404, { message: "Not Found" });
      return send(res, 200, { url: u.href, role: "member", state: "active" });
    }
    return send(res, 404, { message: `Not Found (${method} ${u.pathname})` });
  }

  private page(res: ServerResponse, u: URL, items: unknown[]): void {
    const per = Math.min(100, Math.max(1, Number(u.searchParams.get("per_page") ?? 30)));
    const page = Math.max(1, Number(u.searchParams.get("page") ?? 1));
    const last = Math.max(1, Math.ceil(items.length / per));
    const links: string[] = [];
    const at = (p: number): string => {
      const x = new URL(u.href);
      x.searchParams.set("page", String(p));
      x.searchParams.set("per_page", String(per));
      return x.href;
    };
    if (page < last) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
    if (page > 1) links.push(`<${at(1)}>; rel="first"`, `<${at(page - 1)}>; rel="prev"`);
    send(res, 200, items.slice((page - 1) * per, page * per), links.length ? { link: links.join(", ") } : {});
  }
}

function annotationsOf(b: Record<string, unknown>): Record<string, unknown>[] {
  const out = b["output"] as Record<string, unknown> | undefined;
  return Array.isArray(out?.["annotations"]) ? (out!["annotations"] as Record<string, unknown>[]) : [];
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
