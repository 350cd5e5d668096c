# syntax=docker/dockerfile:1
# Production image of Mesa de Ayuda. The build stage compiles with the dev
# dependencies; the runtime stage gets only dist/, the production node_modules
# and the `mesa` CLI, owned by root and run as the unprivileged `node` user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Without src/, bin/mesa.js runs the compiled CLI (docker compose exec app node bin/mesa.js ...).
COPY bin ./bin
USER node
EXPOSE 3000
CMD ["node", "dist/main.js"]
