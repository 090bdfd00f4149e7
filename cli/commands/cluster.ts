import { CLUSTER_USAGE, ClusterUsageError, parseClusterArgs } from "../cluster/args.ts";
import { ensurePostgresDatabase } from "../cluster/database.ts";
import { startCluster, type Cluster } from "../cluster/launcher.ts";

/**
 * `navigator cluster [--api N] [--agent N] [--ingest N] [--port BASE]`: runs a local cluster in
 * the foreground (see ../cluster/args.ts for defaults): creates the database when missing,
 * migrates it, starts the nodes, prints the API URLs, writes every node's prefixed log lines to
 * stdout, and on SIGINT/SIGTERM stops every node (SIGTERM, SIGKILL after the stop timeout).
 * @returns 0 when every node exited with 0 after the stop; 1 when one did not, when all nodes
 *   exited on their own, or when a signal came before every node was ready; 2 on bad arguments
 *   (after printing the usage).
 * @throws NodeStartError when a node does not become ready; the driver's error when PostgreSQL
 *   cannot be reached.
 */
export async function clusterCommand(argv: readonly string[]): Promise<number> {
  const out = (text: string) => void process.stdout.write(`${text}\n`);
  if (argv.includes("--help") || argv.includes("-h")) {
    out(CLUSTER_USAGE);
    return 0;
  }
  let args;
  try {
    args = parseClusterArgs(argv, process.env);
  } catch (error) {
    if (!(error instanceof ClusterUsageError)) throw error;
    process.stderr.write(`navigator cluster: ${error.message}\n${CLUSTER_USAGE}\n`);
    return 2;
  }

  const aborter = new AbortController();
  let signalled: (signal: NodeJS.Signals) => void = () => {};
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    signalled = resolve;
  });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    stopping = true;
    out(`navigator cluster: ${signal}, stopping every node`);
    aborter.abort();
    signalled(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    if (await ensurePostgresDatabase(args.databaseUrl)) out(`navigator cluster: created database ${new URL(args.databaseUrl).pathname.slice(1)}`);
    let cluster: Cluster;
    try {
      cluster = await startCluster({ ...args, signal: aborter.signal });
    } catch (error) {
      if (!aborter.signal.aborted) throw error;
      out("navigator cluster: stopped before every node was ready");
      return 1;
    }
    out(`navigator cluster: ${cluster.nodes.length} node(s) ready on ${args.natsUrl}`);
    for (const url of cluster.apiUrls) out(`  API ${url}  (docs ${url}/docs)`);
    const outcome = await Promise.race([stopRequested.then(() => "stop" as const), allExited(cluster, () => !stopping).then(() => "exited" as const)]);
    const codes = await cluster.stop();
    const summary = cluster.nodes.map((n, i) => `${n.role}-${n.index}=${codes[i]}`).join(" ");
    out(`navigator cluster: stopped (exit codes ${summary})`);
    return outcome === "stop" && codes.every((code) => code === 0) ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Resolves once every node exited, reporting each exit that happens while `unexpected()`. */
function allExited(cluster: Cluster, unexpected: () => boolean): Promise<unknown> {
  return Promise.all(
    cluster.nodes.map((node) =>
      node.exited.then((code) => {
        if (unexpected()) process.stdout.write(`navigator cluster: node ${node.role}-${node.index} (${node.nodeId}) exited on its own with code ${code}\n`);
      }),
    ),
  );
}
