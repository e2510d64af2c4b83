package dev.veloflink.gateway;

import org.apache.flink.table.gateway.SqlGateway;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code velo gateway start [--port N] [--address HOST] [--cluster HOST:PORT] [--work-dir DIR] [-Dkey=value ...]}:
 * Flink's own {@link SqlGateway} with the velo endpoint ({@code sql-gateway.endpoint.type: velo}). The stock Flink SQL
 * client then connects with {@code sql-client.sh gateway --endpoint http://HOST:PORT}.
 */
public final class GatewayMain {
    private static final String PREFIX = "-Dsql-gateway.endpoint." + VeloEndpointFactory.IDENTIFIER + ".";

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv("FLINK_CONF_DIR") == null) {
            System.err.println("velo gateway: set FLINK_CONF_DIR to a folder with a config.yaml (it may be empty); "
                    + "./velo gateway does this for you");
            System.exit(2);
        }
        if (args.length > 0 && args[0].equals("bench")) {
            GatewayBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        List<String> gateway = new ArrayList<>();
        gateway.add("-Dsql-gateway.endpoint.type=" + VeloEndpointFactory.IDENTIFIER);
        if (args.length == 0 || !args[0].equals("start")) {
            usage(args.length == 0 ? null : args[0]);
            System.exit(args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2);
            return;
        }
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String option = switch (arg) {
                case "--port" -> "port";
                case "--address" -> "address";
                case "--cluster" -> VeloEndpointFactory.CLUSTER.key();
                case "--work-dir" -> VeloEndpointFactory.WORK_DIR.key();
                case "--slots" -> VeloEndpointFactory.SLOTS.key();
                default -> null;
            };
            if (option != null && i + 1 < args.length) {
                gateway.add(PREFIX + option + "=" + args[++i]);
            } else if (arg.startsWith("-D")) {
                gateway.add(arg);
            } else if (arg.equals("--help") || arg.equals("-h")) {
                usage(null);
                return;
            } else {
                usage(arg);
                System.exit(2);
                return;
            }
        }
        System.err.println("velo: starting Flink's SQL Gateway with the velo endpoint ("
                + String.join(" ", gateway) + ")");
        SqlGateway.main(gateway.toArray(new String[0]));
    }

    private static void usage(String bad) {
        if (bad != null) {
            System.err.println("velo gateway: unknown argument '" + bad + "'");
        }
        System.err.println("""
                Usage: velo gateway bench [--rounds N] [--fresh N]   (round trip; first row, also of N fresh gateways)
                       velo gateway start [--port N] [--address HOST] [--cluster HOST:PORT] [--work-dir DIR]
                                          [--slots N] [-Dkey=value ...]
                Starts Flink's SQL Gateway with the velo endpoint: Velo SQL over the SQL Gateway REST protocol.
                  --port N            the REST port (default 8083)
                  --address HOST      the address to serve on (default 127.0.0.1)
                  --cluster HOST:PORT run jobs on this Flink cluster (default: an embedded MiniCluster)
                  --work-dir DIR      where relative paths in statements resolve (default: the current folder)
                  --slots N           task slots of the embedded cluster (default 16)
                Connect the Flink SQL client: sql-client.sh gateway --endpoint http://127.0.0.1:8083""");
    }
}
