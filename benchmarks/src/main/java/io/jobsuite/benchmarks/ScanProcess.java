package io.jobsuite.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.jobsuite.scheduler.scan.ClientScan;
import io.jobsuite.scheduler.scan.ScanReport;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One scheduler instance in a JVM of its own: starts the real scheduler context, says
 * READY, scans once when told GO on stdin, and answers RESULT with what it did, its peak
 * heap and its CPU.
 */
public final class ScanProcess {

	static final String READY = "READY";

	static final String GO = "GO";

	static final String RESULT = "RESULT ";

	private ScanProcess() {
	}

	public static void main(String[] args) throws Exception {
		try (ConfigurableApplicationContext scheduler = Services.scheduler(Arrays.asList(args))) {
			ClientScan scan = scheduler.getBean(ClientScan.class);
			System.out.println(READY);
			System.out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			if (!GO.equals(in.readLine())) {
				return;
			}
			ScanReport report = scan.scan("bench-scan-" + ProcessHandle.current().pid());
			long peakHeap = ManagementFactory.getMemoryPoolMXBeans()
				.stream()
				.filter(pool -> pool.getType() == MemoryType.HEAP)
				.map(MemoryPoolMXBean::getPeakUsage)
				.mapToLong(usage -> usage.getUsed())
				.sum();
			double cpuSeconds = CpuClock.seconds(ProcessHandle.current().pid());
			System.out.println(RESULT + report.dueClients() + " " + report.created() + " " + report.existing() + " "
					+ report.took().toMillis() + " " + peakHeap + " " + cpuSeconds);
			System.out.flush();
		}
		System.exit(0);
	}

}
