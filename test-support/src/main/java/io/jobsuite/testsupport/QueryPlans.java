package io.jobsuite.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records the statements an application runs on a {@link DataSource} (with the values
 * bound to them) and asks the database how it would run each one: {@code EXPLAIN
 * FORMAT=JSON}, the same on MySQL 8 and MariaDB. Tests use it to prove that the queries
 * of the hot path and the admin read a bounded part of the tables, whatever their size.
 *
 * <pre>
 * QueryPlans plans = new QueryPlans();
 * DataSource recorded = plans.wrap(dataSource);   // every statement run through it ...
 * plans.recording(true);                          // ... while recording is on
 * List&lt;Plan&gt; explained = plans.explain(dataSource, "jobs", "job_attempts");
 * </pre>
 */
public final class QueryPlans {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> KEYWORDS = Set.of("where", "set", "join", "left", "inner", "on", "order", "group",
			"limit", "for", "select", "values", "using", "straight_join", "cross", "natural", "partition", "use",
			"force", "ignore", "lock", "window", "having", "union");

	private static final Pattern LIMIT = Pattern.compile("\\blimit\\b", Pattern.CASE_INSENSITIVE);

	private final Map<String, Recorded> statements = new LinkedHashMap<>();

	private volatile boolean recording;

	/** Starts or stops recording. */
	public void recording(boolean on) {
		this.recording = on;
	}

	/** The distinct statements recorded so far, each with the values of its first run. */
	public synchronized List<String> statements() {
		return List.copyOf(statements.keySet());
	}

	/** {@code target}, recording what runs through it while recording is on. */
	public DataSource wrap(DataSource target) {
		return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					Object result = invoke(target, method, args);
					return result instanceof Connection opened ? connection(opened) : result;
				});
	}

	/**
	 * Wraps a Spring context's {@code dataSource} bean with {@link #wrap}: return it from
	 * a static {@code @Bean} method of the test's configuration.
	 */
	public BeanPostProcessor recordingDataSource() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				return bean instanceof DataSource dataSource && name.equals("dataSource") ? wrap(dataSource) : bean;
			}
		};
	}

	/**
	 * Explains every recorded statement that reads one of {@code tables} (plain
	 * {@code INSERT ... VALUES} reads nothing and is left out).
	 */
	public List<Plan> explain(DataSource dataSource, String... tables) throws SQLException {
		List<Recorded> recorded;
		synchronized (this) {
			recorded = List.copyOf(statements.values());
		}
		Pattern touches = Pattern.compile("\\b(" + String.join("|", tables) + ")\\b", Pattern.CASE_INSENSITIVE);
		List<Plan> plans = new ArrayList<>();
		try (Connection connection = dataSource.getConnection()) {
			for (Recorded statement : recorded) {
				String sql = statement.sql().strip();
				String lower = sql.toLowerCase(Locale.ROOT);
				boolean insertValues = lower.startsWith("insert") && !lower.contains("select");
				if (!touches.matcher(sql).find() || insertValues || lower.startsWith("explain")) {
					continue;
				}
				List<Access> accesses;
				try {
					accesses = explain(connection, sql, statement.values());
				}
				catch (SQLException ex) {
					// A server that cannot explain INSERT ... SELECT explains its SELECT.
					int select = lower.indexOf("select");
					int upsert = lower.indexOf("on duplicate key");
					if (!lower.startsWith("insert") || sql.substring(0, select).contains("?")) {
						throw ex;
					}
					accesses = explain(connection, sql.substring(select, upsert < 0 ? sql.length() : upsert),
							statement.values());
				}
				Map<String, String> aliases = aliases(sql, tables);
				plans.add(new Plan(sql,
						accesses.stream()
							.map(a -> new Access(aliases.getOrDefault(a.table(), a.table()), a.type(), a.key(),
									a.rows(), a.filtered()))
							.toList(),
						LIMIT.matcher(sql).find()));
			}
		}
		return plans;
	}

	private static List<Access> explain(Connection connection, String sql, List<Bound> values) throws SQLException {
		try (PreparedStatement explain = connection.prepareStatement("EXPLAIN FORMAT=JSON " + sql)) {
			for (Bound value : values) {
				value.method().invoke(explain, value.args());
			}
			try (ResultSet rs = explain.executeQuery()) {
				rs.next();
				List<Access> accesses = new ArrayList<>();
				collect(JSON.readTree(rs.getString(1)), accesses);
				return accesses;
			}
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not bind the values of " + sql, ex);
		}
	}

	/* Plans name tables by their aliases (Hibernate's j1_0, a query's j and o). */
	private static Map<String, String> aliases(String sql, String... tables) {
		Map<String, String> aliases = new LinkedHashMap<>();
		Matcher m = Pattern
			.compile("\\b(?:from|join|update|into)\\s+(" + String.join("|", tables) + ")\\b(?:\\s+(?:as\\s+)?(\\w+))?",
					Pattern.CASE_INSENSITIVE)
			.matcher(sql);
		while (m.find()) {
			String alias = m.group(2);
			if (alias != null && !KEYWORDS.contains(alias.toLowerCase(Locale.ROOT))) {
				aliases.put(alias, m.group(1).toLowerCase(Locale.ROOT));
			}
		}
		return aliases;
	}

	private static void collect(JsonNode node, List<Access> accesses) {
		if (node.isObject()) {
			if (node.has("table_name") && node.has("access_type")) {
				JsonNode rows = node.has("rows") ? node.get("rows") : node.get("rows_examined_per_scan");
				accesses.add(new Access(node.get("table_name").asString(), node.get("access_type").asString(),
						node.has("key") ? node.get("key").asString() : null, rows == null ? -1 : rows.asLong(),
						node.has("attached_condition")));
			}
		}
		if (node.isObject() && node.has("message") && node.get("message").isString()) {
			// No table is read: the optimizer answered from const rows or index ends.
			accesses.add(new Access("-", "none: " + node.get("message").asString(), null, 0, false));
		}
		if (node.isContainer()) {
			node.values().forEach(child -> collect(child, accesses));
		}
	}

	private Connection connection(Connection target) {
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					Object result = invoke(target, method, args);
					if (method.getName().equals("prepareStatement")) {
						return statement((PreparedStatement) result, PreparedStatement.class, (String) args[0]);
					}
					if (method.getName().equals("createStatement")) {
						return statement((Statement) result, Statement.class, null);
					}
					return result;
				});
	}

	private <S extends Statement> S statement(S target, Class<S> type, String preparedSql) {
		List<Bound> values = new ArrayList<>();
		List<List<Bound>> batch = new ArrayList<>();
		InvocationHandler handler = (proxy, method, args) -> {
			String name = method.getName();
			if (preparedSql != null && name.startsWith("set") && args != null && args.length >= 2
					&& args[0] instanceof Integer) {
				values.add(new Bound(method, args.clone()));
			}
			else if (preparedSql != null && name.equals("addBatch")) {
				batch.add(List.copyOf(values));
			}
			else if (preparedSql != null && name.equals("clearParameters")) {
				values.clear();
			}
			else if (name.startsWith("execute") || name.equals("addBatch")) {
				if (preparedSql == null && args != null && args.length > 0 && args[0] instanceof String sql) {
					record(sql, List.of());
				}
				else if (preparedSql != null) {
					record(preparedSql, batch.isEmpty() ? List.copyOf(values) : batch.get(0));
				}
			}
			return invoke(target, method, args);
		};
		return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, handler));
	}

	private synchronized void record(String sql, List<Bound> values) {
		if (recording) {
			statements.putIfAbsent(sql, new Recorded(sql, values));
		}
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/** Prints the plans, one line per table access. */
	public static void print(List<Plan> plans, Consumer<String> out) {
		for (Plan plan : plans) {
			out.accept(plan.sql().replaceAll("\\s+", " "));
			plan.accesses()
				.forEach(a -> out.accept("    " + a.table() + ": " + a.type() + " key=" + a.key() + " rows=" + a.rows()
						+ (a.filtered() ? " filtered" : "")));
		}
	}

	private record Recorded(String sql, List<Bound> values) {
	}

	private record Bound(Method method, Object[] args) {
	}

	/**
	 * How the database would run one statement.
	 *
	 * @param sql the statement
	 * @param accesses every table access of its plan
	 * @param limited whether it has a LIMIT (a full index scan in index order then stops
	 * early)
	 */
	public record Plan(String sql, List<Access> accesses, boolean limited) {

		/**
		 * The accesses to these tables that read all of them: a full table scan, or a
		 * full index scan without a LIMIT to stop it.
		 */
		public List<Access> fullScans(List<String> tables) {
			return accesses.stream()
				.filter(a -> tables.contains(a.table()))
				.filter(a -> a.type().equals("ALL") || (a.type().equals("index") && !limited))
				.toList();
		}

		/**
		 * The accesses to these tables that walk a whole index in its order, filtering
		 * rows, until the LIMIT is met: bounded when matches are common, a scan of the
		 * table when they are rare.
		 */
		public List<Access> limitedFilteredScans(List<String> tables) {
			return accesses.stream()
				.filter(a -> tables.contains(a.table()))
				.filter(a -> a.type().equals("index") && limited && a.filtered())
				.toList();
		}

	}

	/**
	 * One table access of a plan.
	 *
	 * @param table the table (or its alias in MySQL's output)
	 * @param type {@code ALL} (full table scan), {@code index} (full index scan),
	 * {@code range}, {@code ref}, {@code eq_ref}, {@code const} ...
	 * @param key the index used, or null
	 * @param rows the rows the optimizer expects to read per scan
	 * @param filtered whether rows read are filtered by a condition the index does not
	 * answer
	 */
	public record Access(String table, String type, String key, long rows, boolean filtered) {
	}

}
