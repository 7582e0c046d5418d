#!/usr/bin/env bash
# Paquetes de Debian/Ubuntu que monitoreo necesita fuera de Python. Lo llama `make instalar` ANTES de
# crear el entorno virtual (sin python3-venv no hay venv). Se revisa lo que cada paquete da (un
# comando, un idioma de Tesseract), no sólo su nombre: así también vale con un Python propio.
# Lo que no se pueda instalar se dice por nombre, con lo que deja de funcionar, y se sigue: esas
# funciones avisan al usuario y sus pruebas se saltan con el motivo.
set -u
PYTHON="${PYTHON:-python3}"

# paquete;comprobación (shell, puede llevar tuberías);qué falta sin él
REQUISITOS=(
    "python3-venv;$PYTHON -c 'import ensurepip, venv';no se puede crear el entorno virtual (.venv)"
    "postgresql-client;command -v pg_dump || ls /usr/lib/postgresql/*/bin/pg_dump;sin pg_dump no hay respaldos con PostgreSQL"
    "chromium;command -v chromium;sin Chromium no hay capturas de pantalla ni prueba de navegador"
    "tesseract-ocr-spa;tesseract --list-langs 2>/dev/null | grep -qx spa;sin Tesseract en español no hay OCR de impresos"
    "fonts-dejavu-core;test -d /usr/share/fonts/truetype/dejavu;los PDF usan una fuente de reserva"
    "dovecot-imapd;test -x /usr/sbin/dovecot;sin Dovecot no corren las pruebas ni la demo del buzón oficial (IMAP)"
)

presente() { bash -c "$1" >/dev/null 2>&1; }

faltantes() {
    local linea paquete prueba
    for linea in "${REQUISITOS[@]}"; do
        IFS=';' read -r paquete prueba _ <<<"$linea"
        presente "$prueba" || printf '%s\n' "$paquete"
    done
}

instalar() {
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || return 1
        sudo="sudo -n"
    fi
    command -v apt-get >/dev/null || return 1
    echo "Instalando paquetes de Debian: $*"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

mapfile -t faltan < <(faltantes)
[ "${#faltan[@]}" -eq 0 ] && exit 0
instalar "${faltan[@]}" || echo "AVISO: apt-get no pudo instalar (se necesita root o sudo sin contraseña y los repositorios de Debian)."

estado=0
for linea in "${REQUISITOS[@]}"; do
    IFS=';' read -r paquete prueba efecto <<<"$linea"
    if ! presente "$prueba"; then
        echo "NO INSTALADO: $paquete: $efecto (instálelo con: sudo apt-get install $paquete)" >&2
        [ "$paquete" = python3-venv ] && estado=2
    fi
done
exit "$estado"
