"""Buzón IMAP local: Dovecot (paquete de Debian) sobre un Maildir, sin root, en 127.0.0.1.

Es el mismo servidor para la demo y para las pruebas: arranca con una configuración propia en una
carpeta temporal (sin tocar /etc/dovecot), una cuenta en un passwd-file y entrega directa al
Maildir (`entregar`). Si el proceso es root, Dovecot corre como `nobody`: nunca con privilegios.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from types import TracebackType

from demo.buzon import HOST, puerto_libre

# Rutas del paquete dovecot-core de Debian.
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
# Dovecot abre el puerto en menos de un segundo; 15 s cubre una máquina muy cargada.
ESPERA_ARRANQUE = 15.0
USUARIO_SIN_PRIVILEGIOS = "nobody"

_CONFIGURACION = """\
base_dir = {base}/run
state_dir = {base}/estado
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap
listen = {host}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {usuario}
default_internal_group = {grupo}
default_login_user = {usuario}
mail_location = maildir:{base}/Maildir
first_valid_uid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/casa
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {puerto}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
service auth {{
  user = {usuario}
}}
service auth-worker {{
  user = {usuario}
}}
"""


def dovecot_disponible() -> str | None:
    """None si se puede usar Dovecot; si no, el motivo en español."""
    if not Path(DOVECOT).is_file():
        return "Dovecot no está instalado (paquete de Debian dovecot-imapd; `make instalar`)"
    return None


class ServidorImap:
    """Dovecot en un puerto libre de 127.0.0.1 con una cuenta; úsese con `with`."""

    def __init__(
        self,
        usuario: str = "comunicacion",
        contrasena: str = "buzon-local",
        introspeccion_oauth2: str | None = None,
    ) -> None:
        """Prepara carpeta, cuenta y Maildir; con `introspeccion_oauth2` acepta tokens XOAUTH2.

        La URL es la de introspección (RFC 7662) que valida cada token, como la de un proveedor
        de identidad; el servidor arranca al entrar al `with`.
        """
        self.usuario = usuario
        self.contrasena = contrasena
        self.introspeccion = introspeccion_oauth2
        self.puerto = puerto_libre(0)
        self.base = Path(tempfile.mkdtemp(prefix="monitoreo-imap-"))
        self.maildir = self.base / "Maildir"
        self._proceso: subprocess.Popen[bytes] | None = None
        self._cuenta = self._cuenta_del_servidor()
        self._preparar()

    @staticmethod
    def _cuenta_del_servidor() -> pwd.struct_passwd:
        """El usuario del sistema con el que corre Dovecot (nunca root)."""
        if os.geteuid() != 0:
            return pwd.getpwuid(os.geteuid())
        return pwd.getpwnam(USUARIO_SIN_PRIVILEGIOS)

    def _preparar(self) -> None:
        """Configuración, passwd-file y Maildir, todo del usuario sin privilegios."""
        for carpeta in ("run", "estado", "casa", "Maildir/new", "Maildir/cur", "Maildir/tmp"):
            (self.base / carpeta).mkdir(parents=True, exist_ok=True)
        c = self._cuenta
        (self.base / "passwd").write_text(f"{self.usuario}:{{PLAIN}}{self.contrasena}\n")
        (self.base / "dovecot.conf").write_text(
            self._con_oauth2(
                _CONFIGURACION.format(
                    base=self.base,
                    host=HOST,
                    puerto=self.puerto,
                    usuario=c.pw_name,
                    grupo=_grupo(c.pw_gid),
                    uid=c.pw_uid,
                    gid=c.pw_gid,
                )
            )
        )
        self._dar_al_servidor(self.base)

    def _con_oauth2(self, configuracion: str) -> str:
        """Agrega XOAUTH2 con un passdb oauth2 que pregunta a la URL de introspección."""
        if not self.introspeccion:
            return configuracion
        (self.base / "oauth2.conf").write_text(
            f"introspection_url = {self.introspeccion}\nintrospection_mode = post\n"
            "username_attribute = username\nactive_attribute = active\nactive_value = true\n"
        )
        mecanismos = "auth_mechanisms = plain login xoauth2 oauthbearer"
        return configuracion.replace("auth_mechanisms = plain login", mecanismos) + (
            "passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n"
            f"  args = {self.base}/oauth2.conf\n}}\n"
        )

    def _dar_al_servidor(self, ruta: Path) -> None:
        """Si somos root, el árbol pasa al usuario con el que corre Dovecot."""
        if os.geteuid() != 0:
            return
        for actual in [ruta, *ruta.rglob("*")]:
            os.chown(actual, self._cuenta.pw_uid, self._cuenta.pw_gid)

    def __enter__(self) -> ServidorImap:
        """Arranca Dovecot en primer plano y espera a que acepte conexiones."""
        motivo = dovecot_disponible()
        if motivo:
            raise RuntimeError(motivo)
        comando = [DOVECOT, "-F", "-c", str(self.base / "dovecot.conf")]
        root = os.geteuid() == 0
        self._proceso = subprocess.Popen(
            comando,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            user=self._cuenta.pw_uid if root else None,
            group=self._cuenta.pw_gid if root else None,
            extra_groups=[] if root else None,
        )
        self._esperar()
        return self

    def _esperar(self) -> None:
        """Hasta que el puerto responda o Dovecot muera (con su error)."""
        limite = time.monotonic() + ESPERA_ARRANQUE
        assert self._proceso is not None
        while time.monotonic() < limite:
            if self._proceso.poll() is not None:
                error = (self._proceso.stderr.read() if self._proceso.stderr else b"").decode()
                raise RuntimeError(f"Dovecot no arrancó: {error.strip() or self._registro()}")
            with socket.socket() as s:
                if s.connect_ex((HOST, self.puerto)) == 0:
                    return
            time.sleep(0.05)
        self.__exit__(None, None, None)
        raise RuntimeError(f"Dovecot no abrió el puerto {self.puerto}: {self._registro()}")

    def _registro(self) -> str:
        """Las últimas líneas del registro de Dovecot."""
        ruta = self.base / "dovecot.log"
        return " | ".join(ruta.read_text().splitlines()[-5:]) if ruta.is_file() else ""

    def __exit__(
        self,
        tipo: type[BaseException] | None,
        error: BaseException | None,
        traza: TracebackType | None,
    ) -> None:
        """Detiene Dovecot y borra su carpeta."""
        if self._proceso is not None and self._proceso.poll() is None:
            self._proceso.terminate()
            try:
                self._proceso.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proceso.kill()
                self._proceso.wait()
        if self._proceso is not None and self._proceso.stderr:
            self._proceso.stderr.close()
        shutil.rmtree(self.base, ignore_errors=True)

    def entregar(self, crudo: bytes) -> Path:
        """Entrega directa al Maildir (como haría el servidor de correo): tmp/ y luego new/."""
        nombre = f"{time.time_ns()}.{uuid.uuid4().hex}.monitoreo"
        temporal = self.maildir / "tmp" / nombre
        temporal.write_bytes(crudo)
        self._dar_al_servidor(temporal)
        destino = self.maildir / "new" / nombre
        temporal.replace(destino)
        return destino

    @property
    def servidor(self) -> str:
        """Dirección del servidor IMAP."""
        return HOST


def _grupo(gid: int) -> str:
    """Nombre del grupo (Dovecot lo pide por nombre)."""
    import grp

    return grp.getgrgid(gid).gr_name
