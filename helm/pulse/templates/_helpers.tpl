{{/* Resource name of one service: <release>-<service>, or <service> when the release is named "pulse". */}}
{{- define "pulse.fullname" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
{{- if eq $root.Release.Name "pulse" -}}pulse-{{ $name }}{{- else -}}{{ printf "%s-%s" $root.Release.Name $name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "pulse.labels" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version }}
app.kubernetes.io/name: {{ $name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/part-of: pulse
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
{{- end -}}

{{- define "pulse.selectorLabels" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
app.kubernetes.io/name: {{ $name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end -}}

{{/* Image of a service: values.services.<name>.image overrides the global registry/tag. */}}
{{- define "pulse.image" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $svc := index . 2 -}}{{- $tag := index . 3 -}}
{{- $repo := $svc.image.repository | default (printf "%s/%s" $root.Values.image.registry $name) -}}
{{- printf "%s:%s" $repo ($tag | default $svc.image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion) -}}
{{- end -}}

{{/* Environment shared by a service's Deployment and its migration Job. */}}
{{- define "pulse.env" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $svc := index . 2 -}}
- name: SERVICE_NAME
  value: {{ $name | quote }}
- name: PORT
  value: "8080"
{{- range $key, $ref := $root.Values.secrets }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef: { name: {{ $ref.name | quote }}, key: {{ $ref.key | quote }} }
{{- end }}
{{- range $svc.secretEnv }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef: { name: {{ .secretName | quote }}, key: {{ .key | quote }}{{ if .optional }}, optional: true{{ end }} }
{{- end }}
{{- range $svc.secretFiles }}
- name: {{ .name }}_FILE
  value: {{ include "pulse.secretFilePath" . | quote }}
{{- end }}
{{- range $key, $value := $svc.env }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- /*
  V8 sizes its heap from the host's memory, not the container's limit: on a large node it lets
  garbage grow to several times the live heap before a full GC (news: 442 MiB peak for ~90 MiB
  live) and the pod is OOM-killed first. Half the memory limit leaves room for buffers and code.
*/}}
{{- $limit := toString (($svc.resources).limits).memory -}}
{{- $mib := 0 -}}
{{- if hasSuffix "Gi" $limit }}{{ $mib = mul (atoi (trimSuffix "Gi" $limit)) 1024 }}{{ else if hasSuffix "Mi" $limit }}{{ $mib = atoi (trimSuffix "Mi" $limit) }}{{ end }}
{{- if and $mib (not (hasKey $svc.env "NODE_OPTIONS")) }}
- name: NODE_OPTIONS
  value: "--max-old-space-size={{ div $mib 2 }}"
{{- end }}
{{- end -}}


{{/*
  Secrets a service reads as files (<NAME>_FILE): each is a Secret volume with one key, mounted
  read-only under /var/run/secrets/pulse/<name in kebab case>/ — never in the environment, where a
  crash dump or `kubectl describe` could show it.
*/}}
{{- define "pulse.secretFileDir" -}}
/var/run/secrets/pulse/{{ .name | lower | replace "_" "-" }}
{{- end -}}

{{- define "pulse.secretFilePath" -}}
{{ include "pulse.secretFileDir" . }}/{{ .key }}
{{- end -}}

{{- define "pulse.secretFileMounts" -}}
{{- range . }}
- name: secret-{{ .name | lower | replace "_" "-" }}
  mountPath: {{ include "pulse.secretFileDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{- define "pulse.secretFileVolumes" -}}
{{- range . }}
- name: secret-{{ .name | lower | replace "_" "-" }}
  secret:
    secretName: {{ .secretName | quote }}
    items: [{ key: {{ .key | quote }}, path: {{ .key | quote }} }]
    # 0440: root-owned, readable through the pod's fsGroup only.
    defaultMode: 288
{{- end }}
{{- end -}}

{{/* Refuses a canary without its own image tag or with a weight outside 0-100 (% of traffic). */}}
{{- define "pulse.canaryChecks" -}}
{{- $name := index . 0 -}}{{- $canary := index . 1 -}}
{{- if not $canary.tag -}}
{{- fail (printf "services.%s.canary.tag is required when services.%s.canary.enabled is true: the canary runs another image tag than the stable Deployment" $name $name) -}}
{{- end -}}
{{- $w := $canary.weight -}}
{{- if not (or (kindIs "float64" $w) (kindIs "int64" $w) (kindIs "int" $w)) -}}
{{- fail (printf "services.%s.canary.weight must be a number from 0 to 100 (%% of traffic), got %v" $name $w) -}}
{{- end -}}
{{- if or (lt (float64 $w) 0.0) (gt (float64 $w) 100.0) (ne (float64 (int $w)) (float64 $w)) -}}
{{- fail (printf "services.%s.canary.weight must be a whole number from 0 to 100 (%% of traffic), got %v" $name $w) -}}
{{- end -}}
{{- end -}}
