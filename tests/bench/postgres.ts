/**
 * A throwaway PostgreSQL cluster for the benchmark: initdb in a temporary directory, started on a
 * loopback port, stopped and removed by stop() (also on exit). As root, the server binaries run as
 * the postgres user, like tests/run-all.sh does.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

function binDir() {
  const candidates = ["/usr/local/bin", ...(existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort().reverse().map((v) => `/usr/lib/postgresql/${v}/bin`) : [])];
  const found = candidates.find((dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl")));
  if (!found) throw new Error("No PostgreSQL server binaries (initdb, pg_ctl) found: install the postgresql package.");
  return found;
}

export async function startPostgres(port: number) {
  const bin = binDir();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "charter-bench-pg-"));
  if (root) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString().trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  const run = (cmd: string, args: string[]) =>
    root ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args], { stdio: "pipe" }) : execFileSync(path.join(bin, cmd), args, { stdio: "pipe" });
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust"]);
  run("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, "-w", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  const version = execFileSync(path.join(bin, "postgres"), ["--version"]).toString().trim();
  const pid = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, version, pid };
}
