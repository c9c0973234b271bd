# Redress as a container image: the public site, the complaint form and the intake server, for hosts that run
# containers. docs/deploying.md ("In a container") says how to run it; in short:
#   docker build -t redress .
#   docker run -d --name redress --restart unless-stopped -p 127.0.0.1:4321:4321 \
#     -v redress-data:/data --env-file /etc/redress/redress.env redress
# Secrets (the GitHub token, the SMTP address, the form secret) are given to the container when it runs, never here.

# Build: exactly the lockfile's packages, with no package's install script (none is needed to build or run Redress)
# and without the development tools, then the site.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# redress.yaml, the organisation file, when there is one (without it the site is the demonstration).
COPY astro.config.mjs tsconfig.json redress.yam[l] ./
COPY site ./site
COPY scripts ./scripts
COPY workflows ./workflows
RUN npm run build

FROM node:24-slim
# git keeps the history of the local store (a git repository in the data directory); tini passes the stop signal
# on to Node, which as the container's first process would otherwise ignore it.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Owned by root and read-only to the server, which runs as the image's unprivileged "node" user.
COPY --from=build /app /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4321 REDRESS_DATA_DIR=/data
# The data directory: the outbox, the mail outbox, the form secret and, with the local store, the cases. Keep it on
# a named volume or a host folder, and back it up.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME /data
EXPOSE 4321
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4321) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "scripts/server/start.ts"]
