-- The example order workflow (README "Example: an order workflow"): an order, its confirmation email, its stock
-- reservation and its invoice, each written by its own job. Runs on MySQL 8 and MariaDB 10.11.
--
-- Every task is idempotent per order: the reservation and the invoice are keyed by the order (a retry finds its
-- row and does nothing), and the email's sent marker is a column of the order. Times are the database's clock.

CREATE TABLE orders (
    id                   BIGINT       NOT NULL AUTO_INCREMENT,
    client_id            BIGINT       NOT NULL,
    email                VARCHAR(254) NOT NULL,
    sku                  VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    quantity             INT          NOT NULL,
    -- The batch that runs the order's tasks.
    batch_id             CHAR(36)     CHARACTER SET ascii NULL,
    created_at           DATETIME(3)  NOT NULL,
    -- Set once the confirmation was handed to the SMTP server; a retry that finds it set sends nothing.
    confirmation_sent_at DATETIME(3)  NULL,
    confirmation_job_id  CHAR(36)     CHARACTER SET ascii NULL,
    PRIMARY KEY (id),
    KEY ix_orders_client (client_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE stock (
    sku              VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    name             VARCHAR(200) NOT NULL,
    available        INT          NOT NULL,
    unit_price_cents BIGINT       NOT NULL,
    PRIMARY KEY (sku)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- At most one reservation per order (the primary key): a retried or duplicated reservation job finds it.
CREATE TABLE stock_reservations (
    order_id         BIGINT      NOT NULL,
    sku              VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    quantity         INT         NOT NULL,
    unit_price_cents BIGINT      NOT NULL,
    job_id           CHAR(36)    CHARACTER SET ascii NOT NULL,
    reserved_at      DATETIME(3) NOT NULL,
    PRIMARY KEY (order_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- At most one invoice per order (the primary key).
CREATE TABLE invoices (
    order_id     BIGINT      NOT NULL,
    amount_cents BIGINT      NOT NULL,
    job_id       CHAR(36)    CHARACTER SET ascii NOT NULL,
    created_at   DATETIME(3) NOT NULL,
    PRIMARY KEY (order_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
