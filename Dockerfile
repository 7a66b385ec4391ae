# syntax=docker/dockerfile:1
# One Dockerfile, two images:
#   docker build --target gateway -t imgprocess/gateway .
#   docker build --target silo    -t imgprocess/silo .
# Framework-dependent publish on the SDK image; small chiseled ASP.NET runtime images that run as the
# non-root "app" user ($APP_UID, 1654) and need no writable root filesystem (deploy/k8s mounts /tmp).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Grains/ImgProcess.Grains.csproj src/Grains/
COPY src/Gateway/ImgProcess.Gateway.csproj src/Gateway/
COPY src/Silo/ImgProcess.Silo.csproj src/Silo/
RUN dotnet restore src/Gateway/ImgProcess.Gateway.csproj && dotnet restore src/Silo/ImgProcess.Silo.csproj
# libjpeg-turbo's TurboJPEG, the default JPEG decoder: the chiseled images have no package manager, so its one
# shared object (it needs only libc) goes next to the assemblies, where .NET looks first. unzip (and curl) for the
# build's scripts/fetch-models.sh, which puts the vision models (PP-OCRv4, ResNet18, SHA-256 verified) under models/.
RUN apt-get update -q && apt-get install -y -q --no-install-recommends libturbojpeg0 unzip curl ca-certificates
COPY scripts/fetch-models.sh scripts/fetch-turbojpeg.sh scripts/
COPY src/ src/
RUN dotnet publish src/Gateway/ImgProcess.Gateway.csproj -c Release --no-restore -o /app/gateway
RUN dotnet publish src/Silo/ImgProcess.Silo.csproj -c Release --no-restore -o /app/silo
RUN mkdir -p /data
# Skia (the PNG decoder) and ONNX Runtime (the vision models) are published with the assemblies; both need only libc.
RUN for app in gateway silo; do cp -L "$(dpkg -L libturbojpeg0 | grep '/libturbojpeg.so.0$')" /app/$app/; done \
    && test -f /app/silo/models/ocr/rec.onnx && test -f /app/silo/models/resnet18/ResNet18.onnx

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS gateway
WORKDIR /app
COPY --from=build /app/gateway .
# Embedded mode (docker run -p 8080:8080 -v imgprocess:/data imgprocess/gateway) keeps its SQLite file and
# image bytes here; in a cluster everything is in PostgreSQL.
COPY --from=build --chown=$APP_UID:$APP_UID /data /data
ENV ImgProcess__Storage__DataDirectory=/data
VOLUME /data
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "ImgProcess.Gateway.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS silo
WORKDIR /app
COPY --from=build /app/silo .
# The base image sets ASPNETCORE_HTTP_PORTS=8080; the silo's probes and metrics are on 8081.
ENV ASPNETCORE_HTTP_PORTS=8081
USER $APP_UID
EXPOSE 8081 11111 30000
ENTRYPOINT ["dotnet", "ImgProcess.Silo.dll"]
