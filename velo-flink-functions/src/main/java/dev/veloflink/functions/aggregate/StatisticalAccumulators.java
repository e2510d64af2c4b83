package dev.veloflink.functions.aggregate;

/** Variance, standard deviation, covariance, correlation and regression aggregates, all DOUBLE. */
final class StatisticalAccumulators {
    private StatisticalAccumulators() {
    }

    enum MomentKind { STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP }

    /** Welford's running mean and sum of squared deviations, merged with Chan's formula. */
    static final class Moments implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final MomentKind kind;
        private long n;
        private double mean;
        private double m2;

        Moments(MomentKind kind) {
            this.kind = kind;
        }

        @Override public void add(Object[] args) {
            if (args[0] != null) {
                double x = ((Number) args[0]).doubleValue();
                n++;
                double delta = x - mean;
                mean += delta / n;
                m2 += delta * (x - mean);
            }
        }

        @Override public Object result() {
            boolean sample = kind == MomentKind.STDDEV_SAMP || kind == MomentKind.VAR_SAMP;
            if (n == 0 || (sample && n < 2)) {
                return null;
            }
            double variance = Math.max(0.0, m2 / (sample ? n - 1 : n));
            return kind == MomentKind.STDDEV_SAMP || kind == MomentKind.STDDEV_POP ? Math.sqrt(variance) : variance;
        }

        @Override public void merge(Accumulator other) {
            Moments o = (Moments) other;
            if (o.n == 0) {
                return;
            }
            long total = n + o.n;
            double delta = o.mean - mean;
            m2 = m2 + o.m2 + delta * delta * n * o.n / total;
            mean = mean + delta * o.n / total;
            n = total;
        }
    }

    enum PairKind { CORR, COVAR_POP, COVAR_SAMP, REGR_SLOPE, REGR_INTERCEPT, REGR_R2 }

    /** Co-moments of (y, x) over rows where both are non-NULL. */
    static final class CoMoments implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final PairKind kind;
        private long n;
        private double meanX;
        private double meanY;
        private double m2x;
        private double m2y;
        private double cxy;

        CoMoments(PairKind kind) {
            this.kind = kind;
        }

        @Override public void add(Object[] args) {
            if (args[0] == null || args[1] == null) {
                return;
            }
            double y = ((Number) args[0]).doubleValue();
            double x = ((Number) args[1]).doubleValue();
            n++;
            double dx = x - meanX;
            double dy = y - meanY;
            meanX += dx / n;
            meanY += dy / n;
            m2x += dx * (x - meanX);
            m2y += dy * (y - meanY);
            cxy += dx * (y - meanY);
        }

        @Override public Object result() {
            switch (kind) {
                case COVAR_POP:
                    return n == 0 ? null : (Object) (cxy / n);
                case COVAR_SAMP:
                    return n < 2 ? null : (Object) (cxy / (n - 1));
                case CORR:
                    return n == 0 || m2x == 0 || m2y == 0 ? null : (Object) (cxy / Math.sqrt(m2x * m2y));
                case REGR_SLOPE:
                    return n == 0 || m2x == 0 ? null : (Object) (cxy / m2x);
                case REGR_INTERCEPT:
                    return n == 0 || m2x == 0 ? null : (Object) (meanY - cxy / m2x * meanX);
                case REGR_R2:
                    if (n == 0 || m2x == 0) {
                        return null;
                    }
                    return m2y == 0 ? (Object) 1.0 : (Object) (cxy * cxy / (m2x * m2y));
                default:
                    throw new IllegalStateException(kind.toString());
            }
        }

        @Override public void merge(Accumulator other) {
            CoMoments o = (CoMoments) other;
            if (o.n == 0) {
                return;
            }
            long total = n + o.n;
            double dx = o.meanX - meanX;
            double dy = o.meanY - meanY;
            double w = (double) n * o.n / total;
            m2x += o.m2x + dx * dx * w;
            m2y += o.m2y + dy * dy * w;
            cxy += o.cxy + dx * dy * w;
            meanX += dx * o.n / total;
            meanY += dy * o.n / total;
            n = total;
        }
    }
}
